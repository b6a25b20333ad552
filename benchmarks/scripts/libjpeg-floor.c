/*
 * How fast the system's libjpeg(-turbo) alone decodes a JPEG to R,G,B rows: the floor under any decoder that
 * drives it (the JDK's ImageIO reader does, on Debian). Best of 40 runs, one thread, buffers reused.
 * Build and run (needs libjpeg62-turbo-dev):
 *   gcc -O2 -o target/libjpeg-floor benchmarks/scripts/libjpeg-floor.c -ljpeg && target/libjpeg-floor FILE.jpg
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jpeglib.h> /* after stdio.h: it uses FILE and size_t */

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: libjpeg-floor FILE.jpg\n");
        return 2;
    }
    FILE* f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char* data = malloc(n);
    if (fread(data, 1, n, f) != (size_t) n) {
        fprintf(stderr, "%s: short read\n", argv[1]);
        return 1;
    }
    fclose(f);
    unsigned char* out = NULL;
    double best = 1e30;
    for (int round = 0; round < 40; round++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        struct jpeg_decompress_struct cinfo;
        struct jpeg_error_mgr jerr;
        cinfo.err = jpeg_std_error(&jerr);
        jpeg_create_decompress(&cinfo);
        jpeg_mem_src(&cinfo, data, n);
        jpeg_read_header(&cinfo, TRUE);
        cinfo.out_color_space = JCS_RGB;
        jpeg_start_decompress(&cinfo);
        size_t stride = (size_t) cinfo.output_width * 3;
        if (!out) {
            out = malloc(stride * cinfo.output_height);
        }
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW row = out + cinfo.output_scanline * stride;
            jpeg_read_scanlines(&cinfo, &row, 1);
        }
        jpeg_finish_decompress(&cinfo);
        jpeg_destroy_decompress(&cinfo);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
        if (ms < best) {
            best = ms;
        }
    }
    printf("%s: libjpeg decode to R,G,B rows, best of 40: %.2f ms\n", argv[1], best);
    return 0;
}
