/** Messages between FaceApiVerifier (main thread) and face.worker.ts. Bitmaps are transferred. */
import type { Box, Descriptor, FrameAnalysis } from './types.ts';
import type { EngineInfo, EngineOptions } from './face-engine.ts';

export type WorkerRequest =
  | { readonly id: number; readonly op: 'load'; readonly options: Omit<EngineOptions, 'files'> }
  | { readonly id: number; readonly op: 'analyse'; readonly frame: ImageBitmap; readonly at: number }
  | { readonly id: number; readonly op: 'describe'; readonly frame: ImageBitmap }
  | { readonly id: number; readonly op: 'describePhoto'; readonly frame: ImageBitmap }
  | { readonly id: number; readonly op: 'locate'; readonly frame: ImageBitmap; readonly minConfidence?: number }
  | { readonly id: number; readonly op: 'memory' };

export interface WorkerResults {
  load: EngineInfo;
  analyse: FrameAnalysis;
  describe: Descriptor | null;
  describePhoto: Descriptor | null;
  locate: Array<{ box: Box; score: number }>;
  memory: { numTensors: number; numBytes: number };
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: WorkerResults[keyof WorkerResults] }
  | { readonly id: number; readonly ok: false; readonly error: string; readonly name: string };
