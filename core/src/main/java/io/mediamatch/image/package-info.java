/**
 * Decoding image files into the pixel values the PDQ reference hashes (ImageMagick's decoding), with the format
 * sniffed from the content, EXIF orientation applied only when asked, and size limits checked before any
 * pixel buffer is allocated. Entry point: {@link io.mediamatch.image.ImageDecoder} (thread-safe), configured by
 * {@link io.mediamatch.image.DecodeOptions}; failures are {@link io.mediamatch.MediaException}s naming the file.
 * Animations: {@link io.mediamatch.image.AnimatedImage} tells an animated GIF, APNG or WebP from a still one by its
 * structure, {@link io.mediamatch.image.WebpAnimation} composites an animated WebP's frames (the video package
 * hashes them).
 */
package io.mediamatch.image;
