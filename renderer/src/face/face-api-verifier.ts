/**
 * FaceVerifier backed by @vladmandic/face-api on tfjs WASM, running in a module Web Worker.
 * Each call transfers its ImageBitmap to the worker (the caller's bitmap is detached afterwards:
 * do not close or reuse it). Calls are answered in order.
 */
import type { Descriptor, FaceVerifier, FrameAnalysis } from './types.ts';
import type { EngineInfo } from './face-engine.ts';
import type { WorkerRequest, WorkerResponse, WorkerResults } from './worker-protocol.ts';

export interface FaceApiVerifierOptions {
  /**
   * Where the weights and WASM are served (scripts/copy-face-models.mjs puts them in
   * renderer/public/face/, i.e. `face/` next to index.html). Default: `face/` under document.baseURI.
   */
  readonly modelBaseUrl?: string;
  /** Tiny detector input size for the live pass (default 224). */
  readonly liveInputSize?: number;
  /** Worker factory, for tests; default: the bundled face.worker.ts. */
  readonly createWorker?: () => Worker;
}

export class FaceWorkerError extends Error {
  constructor(message: string, readonly causeName: string) {
    super(message);
    this.name = 'FaceWorkerError';
  }
}

const defaultWorker = (): Worker => new Worker(new URL('./face.worker.ts', import.meta.url), { type: 'module', name: 'face' });

type Op = keyof WorkerResults;
type Pending = { resolve: (value: never) => void; reject: (error: Error) => void };
type Payload<K extends Op> = Omit<Extract<WorkerRequest, { op: K }>, 'id' | 'op'>;

export class FaceApiVerifier implements FaceVerifier {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loading: Promise<EngineInfo> | null = null;
  private disposed = false;

  constructor(private readonly options: FaceApiVerifierOptions = {}) {}

  /** What the engine runs on (backend, threads, isolation, load time): for the self-test page and the bench. */
  get info(): Promise<EngineInfo> {
    return this.loadInfo();
  }

  load(): Promise<void> {
    return this.loadInfo().then(() => undefined);
  }

  private loadInfo(): Promise<EngineInfo> {
    this.loading ??= this.call('load', {
      options: {
        baseUrl: this.options.modelBaseUrl ?? new URL('face/', document.baseURI).href,
        liveInputSize: this.options.liveInputSize ?? 224,
      },
    }).catch((error: unknown) => {
      // A failed load (tampered weights, missing files) may be retried after the cause is fixed.
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  async analyse(frame: ImageBitmap, at: number): Promise<FrameAnalysis> {
    await this.load();
    return this.call('analyse', { frame, at }, [frame]);
  }

  async describe(frame: ImageBitmap): Promise<Descriptor | null> {
    await this.load();
    return this.call('describe', { frame }, [frame]);
  }

  async describePhoto(photo: ImageBitmap): Promise<Descriptor | null> {
    await this.load();
    return this.call('describePhoto', { frame: photo }, [photo]);
  }

  /** Every face the SSD detector finds (boxes, scores), largest first: for tools that crop faces. */
  async locate(frame: ImageBitmap, minConfidence?: number): Promise<WorkerResults['locate']> {
    await this.load();
    return this.call('locate', minConfidence === undefined ? { frame } : { frame, minConfidence }, [frame]);
  }

  /** tfjs tensor count and bytes inside the worker (leak check in the bench). */
  async memory(): Promise<WorkerResults['memory']> {
    await this.load();
    return this.call('memory', {});
  }

  dispose(): void {
    this.disposed = true;
    this.worker?.terminate();
    this.worker = null;
    for (const { reject } of this.pending.values()) reject(new FaceWorkerError('face verifier disposed', 'Disposed'));
    this.pending.clear();
    this.loading = null;
  }

  private ensureWorker(): Worker {
    if (this.disposed) throw new FaceWorkerError('face verifier disposed', 'Disposed');
    if (this.worker) return this.worker;
    const worker = (this.options.createWorker ?? defaultWorker)();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const response = event.data;
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      if (response.ok) pending.resolve(response.result as never);
      else pending.reject(new FaceWorkerError(response.error, response.name));
    };
    worker.onerror = (event: ErrorEvent) => {
      // A crashed worker fails everything in flight; the next call starts a fresh one.
      event.preventDefault();
      for (const { reject } of this.pending.values()) reject(new FaceWorkerError(event.message || 'face worker crashed', 'WorkerError'));
      this.pending.clear();
      this.worker?.terminate();
      this.worker = null;
      this.loading = null;
    };
    this.worker = worker;
    return worker;
  }

  private call<K extends Op>(op: K, payload: Payload<K>, transfer: Transferable[] = []): Promise<WorkerResults[K]> {
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.ensureWorker();
      } catch (error) {
        reject(error as Error);
        return;
      }
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage({ id, op, ...payload }, transfer);
    });
  }
}

/** The production FaceVerifier. */
export const createFaceApiVerifier = (options: FaceApiVerifierOptions = {}): FaceApiVerifier => new FaceApiVerifier(options);
