/* The glyph boxes of many characters of a pdfium text page in one call (see parse/native.py).
 *
 * The parser reads one box per character of every Arabic-script line: through ctypes each
 * FPDFText_GetCharBox call costs about twice pdfium's own work in argument set-up. This loop
 * makes the same calls from C. It calls the function it is handed (pdfium's own, from the
 * library pypdfium2 loaded), so it needs no pdfium header or library to build.
 */

typedef int (*char_box_fn)(void *text_page, int index, double *left, double *right,
                           double *bottom, double *top);
typedef int (*char_origin_fn)(void *text_page, int index, double *x, double *y);

/* out[4k..4k+3] = left, bottom, right, top of character index[k] (a box as the parser keeps
 * it); zeros where index[k] < 0 or pdfium reports no box. */
void newsmon_char_boxes(void *function, void *text_page, const int *index, int count, double *out)
{
    char_box_fn get_box = (char_box_fn)function;
    for (int k = 0; k < count; k++) {
        double *box = out + 4 * k;
        if (index[k] < 0 || !get_box(text_page, index[k], box, box + 2, box + 1, box + 3))
            box[0] = box[1] = box[2] = box[3] = 0.0;
    }
}

/* out[k] = the x of character index[k]'s origin (0 where pdfium gives none). */
void newsmon_char_origins(void *function, void *text_page, const int *index, int count, double *out)
{
    char_origin_fn get_origin = (char_origin_fn)function;
    double y;
    for (int k = 0; k < count; k++) {
        if (index[k] < 0 || !get_origin(text_page, index[k], out + k, &y))
            out[k] = 0.0;
    }
}

typedef int (*count_rects_fn)(void *text_page, int start, int count);
typedef int (*get_rect_fn)(void *text_page, int index, double *left, double *top, double *right,
                           double *bottom);

/* pdfium's text rects of the `length` characters from `start` (counted here when `counted` < 0):
 * out[4k..4k+3] = left, top, right, bottom of rect k (pdfium's order). Returns how many there
 * are; reads them only when they fit in `room` rects (the caller makes room and asks again). */
int newsmon_text_rects(void *count_function, void *rect_function, void *text_page, int start,
                       int length, int counted, double *out, int room)
{
    int count = counted >= 0 ? counted : ((count_rects_fn)count_function)(text_page, start, length);
    if (count <= 0 || count > room)
        return count;
    get_rect_fn get_rect = (get_rect_fn)rect_function;
    for (int k = 0; k < count; k++) {
        double *rect = out + 4 * k;
        get_rect(text_page, k, rect, rect + 1, rect + 2, rect + 3);
    }
    return count;
}
