/**
 * Decoding image files into the pixel values the PDQ reference hashes (ImageMagick's decoding), with the format
 * sniffed from the content, EXIF orientation applied only when asked, and size limits checked before any
 * pixel buffer is allocated. Entry point: {@link io.mediamatch.image.ImageDecoder} (thread-safe), configured by
 * {@link io.mediamatch.image.DecodeOptions}; failures are {@link io.mediamatch.MediaException}s naming the file.
 */
package io.mediamatch.image;
