import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles, uuidParam } from '../../../platform/http';
import { AccountsService } from '../application/accounts.service';
import { ChangeRoleRequest, CreateStaffAccountRequest, SearchAccountsQuery } from './dto/auth.requests';
import { AccountResponse, AccountSummaryResponse } from './dto/auth.responses';
import { contextOf } from './request-context';

@ApiTags('back-office: accounts')
@ApiBearerAuth()
@Controller('admin/accounts')
export class AdminAccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Creates a staff or admin account; its holder receives a link to choose a password (valid 72 h)' })
  @ApiCreatedResponse({ type: AccountResponse })
  async create(@CurrentPrincipal() actor: Principal, @Body() body: CreateStaffAccountRequest, @Req() request: FastifyRequest): Promise<AccountResponse> {
    const account = await this.accounts.createStaff(actor, body.email, body.displayName, body.role, contextOf(request));
    return { id: account.id, email: account.email, displayName: account.displayName, role: account.role };
  }

  @Get()
  @Roles('staff', 'admin')
  @ApiOperation({ summary: 'Finds accounts by e-mail or name (staff: guardians; admin: everyone)' })
  @ApiOkResponse({ type: [AccountSummaryResponse] })
  list(@CurrentPrincipal() actor: Principal, @Query() query: SearchAccountsQuery): Promise<AccountSummaryResponse[]> {
    return this.accounts.list(actor, query.q?.trim() ?? '', query.limit ?? 50, query.offset ?? 0);
  }

  @Post(':id/role')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Makes a staff member admin, or an admin staff (not a guardian, not oneself); audited' })
  @ApiOkResponse({ type: AccountResponse })
  async changeRole(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Body() body: ChangeRoleRequest, @Req() request: FastifyRequest): Promise<AccountResponse> {
    const account = await this.accounts.changeRole(actor, id, body.role, contextOf(request));
    return { id: account.id, email: account.email, displayName: account.displayName, role: account.role };
  }

  @Post(':id/enable')
  @Roles('staff', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Enables a disabled account again (staff: guardians only; admin: anyone but themselves)' })
  @ApiNoContentResponse()
  async enable(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.enable(actor, id, contextOf(request));
  }

  @Post(':id/disable')
  @Roles('staff', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disables an account and ends its sessions (staff: guardians only; admin: anyone but themselves)' })
  @ApiNoContentResponse()
  async disable(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.disable(actor, id, contextOf(request));
  }
}
