import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GlobalExceptionFilter, TITLES } from '../../../../platform/http';
import { FileTooLargeError } from '../domain/documents.errors';

/**
 * Answers a file over the size limit with 413 Content Too Large, in the same problem details as
 * every error (the platform's error kinds stop at 422 for this).
 */
@Catch(FileTooLargeError)
export class UploadTooLargeFilter implements ExceptionFilter {
  private readonly problems = new GlobalExceptionFilter();

  catch(exception: FileTooLargeError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const problem = { ...this.problems.toProblem(exception, http.getRequest<FastifyRequest>()), status: 413, title: TITLES[413] };
    http.getResponse<FastifyReply>().status(413).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }
}
