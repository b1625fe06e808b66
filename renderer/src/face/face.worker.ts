/**
 * The face worker: model inference off the main thread, so the camera preview and the spoken
 * guidance stay smooth while a descriptor takes ~300 ms. One request at a time, in order.
 */
import { FaceEngine } from './face-engine.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

/** The slice of DedicatedWorkerGlobalScope used here (the renderer compiles against the DOM lib). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
let engine: FaceEngine | null = null;

const handle = async (request: WorkerRequest): Promise<WorkerResponse> => {
  try {
    if (request.op === 'load') {
      engine ??= new FaceEngine(request.options);
      return { id: request.id, ok: true, result: await engine.load() };
    }
    if (!engine) throw new Error('face worker: load first');
    switch (request.op) {
      case 'analyse':
        return { id: request.id, ok: true, result: await engine.analyse(request.frame, request.at) };
      case 'describe':
        return { id: request.id, ok: true, result: await engine.describe(request.frame) };
      case 'describePhoto':
        return { id: request.id, ok: true, result: await engine.describePhoto(request.frame) };
      case 'locate':
        return { id: request.id, ok: true, result: await engine.locate(request.frame, request.minConfidence) };
      case 'memory':
        return { id: request.id, ok: true, result: engine.memory() };
    }
  } catch (error) {
    // Only the message crosses: never pixels or descriptors.
    const e = error instanceof Error ? error : new Error(String(error));
    return { id: request.id, ok: false, error: e.message, name: e.name };
  } finally {
    if ('frame' in request) request.frame.close();
  }
};

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  queue = queue.then(async () => {
    const response = await handle(request);
    const transfer = response.ok && response.result instanceof Float32Array ? [response.result.buffer] : [];
    scope.postMessage(response, transfer);
  });
};
