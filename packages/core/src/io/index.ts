// Browser-safe IO: everything here works on bytes; file-system helpers live in ../node.
export { float16ToFloat32, float32ToFloat16 } from './float16.js';
export {
  ImageDecodeError,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
  decodeImage,
  encodeJpeg,
  encodePng,
  imageFormatOf,
  type DecodeImageOptions,
  type ImageFormat,
  type Rgba8Image,
} from './image-codec.js';
export {
  NpyFormatError,
  readNpy,
  writeNpy,
  type NdArray,
  type NpyData,
  type NpyDtype,
  type NpyNumericData,
} from './npy.js';
export {
  NpzFormatError,
  readNpz,
  readNpzKeys,
  writeNpz,
  type ReadNpzOptions,
  type WriteNpzOptions,
} from './npz.js';
export { encodeGif } from './gif.js';
export { orientImage, readTiffOrientation, type ExifOrientation } from './exif-orientation.js';
export { readJpegExifFocal, readTiffFocal, type ExifFocal } from './exif-focal.js';
