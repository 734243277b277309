import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../../platform/http';
import { ActivationService } from '../application/activation.service';
import {
  ChooseCredentialsRequest,
  ConfirmActivationEmailRequest,
  ConfirmChildrenRequest,
  ResendCodeRequest,
  StartActivationRequest,
  VerifyCodeRequest,
} from './dto/activation.requests';
import {
  ActivationCompletedResponse,
  ActivationEmailSentResponse,
  ActivationStartedResponse,
  ChildrenConfirmedResponse,
  CodeResentResponse,
  CodeVerifiedResponse,
} from './dto/activation.responses';
import { contextOf } from './request-context';

const CODE_SENT = 'Si ces informations correspondent à un responsable connu de l’établissement, un code vient d’être envoyé par SMS à ce numéro. Il est valable 30 minutes.';

/** Activation of a guardian account (seeds 001 and 004), one step per route. See the identity README. */
@ApiTags('auth: activation')
@Public()
@Controller('auth/activation')
export class ActivationController {
  constructor(private readonly activation: ActivationService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Step 1: name, first name and the mobile number on file; a 6-digit code goes by SMS (the same answer whether or not anyone matched)' })
  @ApiAcceptedResponse({ type: ActivationStartedResponse })
  async start(@Body() body: StartActivationRequest, @Req() request: FastifyRequest): Promise<ActivationStartedResponse> {
    return { ...(await this.activation.start(body, contextOf(request))), message: CODE_SENT };
  }

  @Post('code/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Sends a new code (at most 3 per activation); the previous one stops working' })
  @ApiAcceptedResponse({ type: CodeResentResponse })
  async resend(@Body() body: ResendCodeRequest, @Req() request: FastifyRequest): Promise<CodeResentResponse> {
    return { ...(await this.activation.resendCode(body.activationToken, contextOf(request))), message: CODE_SENT };
  }

  @Post('code')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 2: the SMS code (valid 30 min, 5 tries); answers the children to confirm' })
  @ApiOkResponse({ type: CodeVerifiedResponse })
  verifyCode(@Body() body: VerifyCodeRequest, @Req() request: FastifyRequest): Promise<CodeVerifiedResponse> {
    return this.activation.verifyCode(body.activationToken, body.code, contextOf(request));
  }

  @Post('children')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 3: « Je suis le représentant légal de cet élève ? » and the birth date, for each child' })
  @ApiOkResponse({ type: ChildrenConfirmedResponse })
  confirmChildren(@Body() body: ConfirmChildrenRequest, @Req() request: FastifyRequest): Promise<ChildrenConfirmedResponse> {
    return this.activation.confirmChildren(body.activationToken, body.children, contextOf(request));
  }

  @Post('credentials')
  @HttpCode(202)
  @ApiOperation({ summary: 'Step 4: the login e-mail and the password (twice); a confirmation link is e-mailed' })
  @ApiAcceptedResponse({ type: ActivationEmailSentResponse })
  async credentials(@Body() body: ChooseCredentialsRequest, @Req() request: FastifyRequest): Promise<ActivationEmailSentResponse> {
    const { email } = await this.activation.chooseCredentials(body.activationToken, body, contextOf(request));
    return { email, message: `Un lien de confirmation a été envoyé à ${email}. Ouvrez-le pour terminer l’activation de votre compte.` };
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Step 5: the e-mailed link; the account is created and active' })
  @ApiOkResponse({ type: ActivationCompletedResponse })
  async confirm(@Body() body: ConfirmActivationEmailRequest, @Req() request: FastifyRequest): Promise<ActivationCompletedResponse> {
    const { email, ssoLinked } = await this.activation.confirmEmail(body.token, contextOf(request));
    const sso = ssoLinked ? ' Vous pouvez aussi vous connecter avec EduConnect.' : '';
    return { email, ssoLinked, message: `Votre compte est activé. Votre identifiant est ${email}.${sso}` };
  }
}
