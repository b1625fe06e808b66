/** The files the engine loads from the served face folder (copied there by scripts/copy-face-models.mjs). */
export const MODEL_FILES = ['tiny_face_detector_model', 'ssd_mobilenetv1_model', 'face_landmark_68_model', 'face_recognition_model'] as const;
export type ModelFile = (typeof MODEL_FILES)[number];

export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
