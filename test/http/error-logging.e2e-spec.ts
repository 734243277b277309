import { Controller, Get, Module } from '@nestjs/common';
import { Public } from '../../src/platform/http';
import { NestPinoLogger } from '../../src/platform/logging/logger';
import { startTestApp, TestApp } from '../support/test-app';

@Public()
@Controller('test-boom')
class BoomController {
  @Get()
  boom() {
    throw new Error('the details staff need');
  }
}

@Module({ controllers: [BoomController] })
class BoomModule {}

/** A 500 shows only a reference to the client; the log gets the details under that reference (Nest's Logger reaches pino, also when the app is only init()-ed). */
describe('unhandled errors are logged', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api', imports: [BoomModule] });
  });
  afterAll(() => t?.close());

  it('writes the error and its reference to the log', async () => {
    const written = jest.spyOn(NestPinoLogger.prototype, 'error');
    const res = await t.inject({ method: 'GET', url: '/api/test-boom' });
    expect(res.statusCode).toBe(500);
    const errorId = /Référence : ([0-9a-f-]{36})/.exec(res.json().detail)![1];
    expect(written).toHaveBeenCalledWith(expect.objectContaining({ errorId, err: expect.objectContaining({ message: 'the details staff need' }) }), 'unhandled error', 'HTTP');
  });
});
