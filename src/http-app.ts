import fastifyMultipart from '@fastify/multipart';
import { DynamicModule, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from './config/app-config';
import { PAYFIP_FORM_PATHS } from './modules/payments';
import { createValidationPipe, genRequestId, GlobalExceptionFilter, ProblemDetails } from './platform/http';
import { createLogger, NestPinoLogger } from './platform/logging/logger';
import { registerRequestLogging } from './platform/logging/request-logging';
import { registerWebClient } from './platform/web/web-client';

export const API_PREFIX = 'api';

/** Builds the HTTP application (Fastify) around a root module; used by main and by the tests. */
export async function createHttpApp(root: DynamicModule, config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config.log.level);
  const app = await NestFactory.create<NestFastifyApplication>(
    root,
    new FastifyAdapter({
      loggerInstance: logger,
      disableRequestLogging: true,
      trustProxy: config.http.trustProxy,
      bodyLimit: 1024 * 1024,
      genReqId: genRequestId,
    }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(new NestPinoLogger(logger));
  // Nest flushes the logs it buffered while starting only in listen(): an app that is only
  // init()-ed (the tests) would keep every later Logger line in memory and never write it.
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLogging(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // The API speaks JSON (plus CSV files for imports): any other body type is answered 415.
  fastify.removeContentTypeParser('text/plain');
  // PayFiP's notification and the browser's return from it are HTML forms: form bodies (parsed by
  // Nest's urlencoded parser) are accepted there only.
  const formPaths = new Set(PAYFIP_FORM_PATHS);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'];
    if (typeof type === 'string' && type.toLowerCase().startsWith('application/x-www-form-urlencoded') && !formPaths.has(request.url.split('?')[0])) {
      return done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }));
    }
    done();
  });
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  // File uploads (supporting documents): read by the route itself with request.parts(), never
  // buffered beyond these limits; a file over 10 MB is cut off and answered 413.
  await app.register(fastifyMultipart, {
    limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5, parts: 8, fieldNameSize: 50, fieldSize: 200, headerPairs: 20 },
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new GlobalExceptionFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Guichet API')
      .setDescription(
        'Portail famille : cantine, périscolaire, petite enfance et activités. ' +
          'Every error is RFC 9457 problem details (application/problem+json).',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    { extraModels: [ProblemDetails] },
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
  // The parents' web client (dist/web) at /, after the API so that /api/* keeps its own 404s.
  await registerWebClient(app);
  return app;
}
