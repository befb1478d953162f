import fs from 'node:fs';

/*
 * HarfBuzz's two WebAssembly builds from the harfbuzzjs package, instantiated directly. harfbuzzjs's own
 * JavaScript is an ES module that awaits the instantiation at its top level, which neither the
 * workspace's CommonJS runtime (tools/ts-hook.cjs) nor Jest can load; the WASM files themselves need at
 * most five trivial imports, so a few typed calls over their exports are simpler than bridging module
 * systems. Compiled once per process, synchronously (Node allows it for any size), and kept.
 */

/** The exports of harfbuzz.wasm this lib calls (pointers and enums are plain numbers). */
export interface ShapingExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_get_upem(face: number): number;
  hb_font_create(face: number): number;
  hb_font_get_nominal_glyph(font: number, codepoint: number, glyph: number): number;
  hb_font_get_glyph_h_advance(font: number, glyph: number): number;
  hb_font_get_glyph_extents(font: number, glyph: number, extents: number): number;
  hb_buffer_create(): number;
  hb_buffer_destroy(buffer: number): void;
  hb_buffer_add_utf16(buffer: number, text: number, length: number, itemOffset: number, itemLength: number): void;
  hb_buffer_set_direction(buffer: number, direction: number): void;
  hb_buffer_set_script(buffer: number, script: number): void;
  hb_buffer_set_language(buffer: number, language: number): void;
  hb_buffer_set_cluster_level(buffer: number, level: number): void;
  hb_buffer_get_length(buffer: number): number;
  hb_buffer_get_glyph_infos(buffer: number, length: number): number;
  hb_buffer_get_glyph_positions(buffer: number, length: number): number;
  hb_language_from_string(text: number, length: number): number;
  hb_shape(font: number, buffer: number, features: number, featureCount: number): void;
  __wasm_call_ctors(): void;
}

/** The exports of harfbuzz-subset.wasm this lib calls. */
export interface SubsetExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_set(input: number, setType: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  hb_subset_preprocess(face: number): number;
  _initialize(): void;
}

/** hb_memory_mode_t: HarfBuzz reads the bytes where they are and never frees them (they live as long as the process). */
export const HB_MEMORY_MODE_READONLY = 1;

let shaping: ShapingExports | undefined;
let subsetting: SubsetExports | undefined;

export function shapingModule(): ShapingExports {
  if (!shaping) {
    // The emscripten runtime's imports: exits and timers are never reached by shaping; the heap grows.
    const heap: { memory?: WebAssembly.Memory } = {};
    const fail = (what: string) => () => {
      throw new Error(`harfbuzz: ${what}`);
    };
    const runtime = {
      proc_exit: fail('exit'),
      _emscripten_runtime_keepalive_clear: () => undefined,
      _abort_js: fail('abort'),
      _setitimer_js: () => 0,
      emscripten_resize_heap: (requested: number) => heap.memory !== undefined && growTo(heap.memory, requested >>> 0),
    };
    const instance = new WebAssembly.Instance(compile('harfbuzz.wasm'), { env: runtime, wasi_snapshot_preview1: runtime });
    const exports = instance.exports as unknown as ShapingExports;
    heap.memory = exports.memory;
    exports.__wasm_call_ctors();
    shaping = exports;
  }
  return shaping;
}

export function subsetModule(): SubsetExports {
  if (!subsetting) {
    const exports = new WebAssembly.Instance(compile('harfbuzz-subset.wasm'), {}).exports as unknown as SubsetExports;
    exports._initialize();
    subsetting = exports;
  }
  return subsetting;
}

function compile(file: string): WebAssembly.Module {
  return new WebAssembly.Module(fs.readFileSync(require.resolve(`harfbuzzjs/dist/${file}`)));
}

function growTo(memory: WebAssembly.Memory, requested: number): boolean {
  const missing = requested - memory.buffer.byteLength;
  if (missing <= 0) return true;
  try {
    memory.grow(Math.ceil(missing / 65536));
    return true;
  } catch {
    return false;
  }
}

/** Copies `bytes` into the module's heap; the caller frees the pointer (or keeps it for a cached font). */
export function copyIn(module: { memory: WebAssembly.Memory; malloc(size: number): number }, bytes: Uint8Array): number {
  const pointer = module.malloc(bytes.byteLength);
  new Uint8Array(module.memory.buffer, pointer, bytes.byteLength).set(bytes);
  return pointer;
}

/** HB_TAG('A','r','a','b') and the like: scripts and table tags are four ASCII letters in a 32-bit number. */
export function tag(name: string): number {
  return ((name.charCodeAt(0) << 24) | (name.charCodeAt(1) << 16) | (name.charCodeAt(2) << 8) | name.charCodeAt(3)) >>> 0;
}
