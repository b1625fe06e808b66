// Stopping the centre (SIGTERM in start.ts) while a kiosk's request is on its way: the request is
// answered, then the centre hangs up that keep-alive connection and the stop completes. Found by
// upload-fault-injection.test.ts: Fastify alone kept such a connection open until its 72 s
// keep-alive timeout (fastify/fastify#7044), so every stop during an upload took over a minute.
import { request, Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CENTRE_PATHS } from '../../domain/centre/protocol.ts';
import { startTestCentre } from '../../center/server/testing/harness.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

describe.each(centreDatabases())('on %s', (database) => {
  it('answers the request in flight when the stop begins, closes its connection and stops', async () => {
    const centre = await startTestCentre({ database });
    const url = new URL(CENTRE_PATHS.enrol, centre.baseUrl);
    const agent = new Agent({ keepAlive: true });
    const body = Buffer.from(JSON.stringify({ code: 'NOTACODE12', publicKey: 'x', stationName: '测试服务站', regionCode: '440106' }));
    let stopped: Promise<void> | undefined;
    try {
      const answered = new Promise<{ status: number; connection: string | undefined; socketClosed: Promise<void> }>((resolve, reject) => {
        const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
          const socketClosed = new Promise<void>((closed) => res.socket.once('close', () => closed()));
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socketClosed }));
        });
        req.on('error', reject);
        // Headers and half the body now; the rest once the centre (same process) has read them and
        // begun to stop. The pause only orders the steps: nothing here depends on how long it is.
        req.write(body.subarray(0, 10));
        req.once('socket', (socket) =>
          socket.once('connect', () => {
            setTimeout(() => {
              stopped = centre.close();
              req.end(body.subarray(10));
            }, 200);
          }),
        );
      });
      const answer = await answered;
      // The kiosk gets its (refusing) answer rather than a reset, and the connection is not kept.
      expect(answer.status).toBe(400);
      expect(answer.connection).toBe('close');
      await answer.socketClosed;
    } finally {
      agent.destroy();
      await (stopped ?? centre.close());
    }
  });
});
