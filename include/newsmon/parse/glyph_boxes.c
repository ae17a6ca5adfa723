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

/* Every function below reads character index[k] + offset for the k-th (a line's positions and
 * where its characters start on the page, or pdfium's indices themselves and offset 0). */

/* Box `box` (left, bottom, right, top: a box as the parser keeps it) of character `index`;
 * zeros where index < 0 or pdfium reports no box. */
static void read_box(char_box_fn get_box, void *text_page, int index, double *box)
{
    if (index < 0 || !get_box(text_page, index, box, box + 2, box + 1, box + 3))
        box[0] = box[1] = box[2] = box[3] = 0.0;
}

/* Boxes a repair changed (arabic._Boxes.changed): `count` characters' pdfium indices, and
 * their boxes four doubles each. */
typedef struct {
    const int *index;
    const double *boxes;
    int count;
} changed_boxes;

/* read_box, or the changed box of that character where a repair changed it. */
static void box_of(char_box_fn get_box, void *text_page, int index, const changed_boxes *changed, double *box)
{
    for (int i = 0; i < changed->count; i++) {
        if (changed->index[i] == index) {
            for (int j = 0; j < 4; j++)
                box[j] = changed->boxes[4 * i + j];
            return;
        }
    }
    read_box(get_box, text_page, index, box);
}

/* out[4k..4k+3] = the box of the k-th character. */
void newsmon_char_boxes(void *function, void *text_page, const int *index, int offset, int count,
                        double *out)
{
    for (int k = 0; k < count; k++)
        read_box((char_box_fn)function, text_page, index[k] + offset, out + 4 * k);
}

/* out[k] = the x of the k-th character's origin (0 where pdfium gives none). */
void newsmon_char_origins(void *function, void *text_page, const int *index, int offset, int count,
                         double *out)
{
    char_origin_fn get_origin = (char_origin_fn)function;
    double y;
    for (int k = 0; k < count; k++) {
        int at = index[k] + offset;
        if (at < 0 || !get_origin(text_page, at, out + k, &y))
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

/* The ZWNJ repair's first look at a line (arabic._restore_zwnj), in one call: the positions k
 * (ascending) where text[k] is a letter that joins the next one and text[k + 1] a letter with
 * presentation forms, and the box of the k-th character starts more than `least` right of where
 * that of the (k + 1)-th ends (left of k's box minus right of k + 1's). `classes` holds one byte
 * per code point U+0600..U+06FF: bit 1, joins the next letter; bit 2, has forms. A box a repair
 * changed (`changed_count` of them: pdfium indices, boxes) counts as changed. Writes each one
 * found to out[n] and the two boxes to boxes[8n..8n+7]; returns how many. Each box is read once. */
int newsmon_wide_pairs(void *function, void *text_page, const unsigned int *text, const int *index,
                       int offset, int count, const unsigned char *classes, double least,
                       const int *changed_index, const double *changed_boxes_, int changed_count,
                       int *out, double *boxes)
{
    char_box_fn get_box = (char_box_fn)function;
    changed_boxes changed = {changed_index, changed_boxes_, changed_count};
    int found = 0, read_at = -1;
    double box[4] = {0.0}, next[4] = {0.0};
    for (int k = 0; k + 1 < count; k++) {
        unsigned int a = text[k] - 0x600u, b = text[k + 1] - 0x600u;
        if (a > 0xffu || b > 0xffu || !(classes[a] & 1) || !(classes[b] & 2))
            continue;
        if (read_at == k) {  /* the second box of the pair before */
            for (int i = 0; i < 4; i++)
                box[i] = next[i];
        } else {
            box_of(get_box, text_page, index[k] + offset, &changed, box);
        }
        box_of(get_box, text_page, index[k + 1] + offset, &changed, next);
        read_at = k + 1;
        if (box[0] - next[2] > least) {
            for (int i = 0; i < 4; i++) {
                boxes[8 * found + i] = box[i];
                boxes[8 * found + 4 + i] = next[i];
            }
            out[found++] = k;
        }
    }
    return found;
}

/* The ZWNJ repair's second look (arabic._hidden_zwnjs), in one call: the k (ascending) whose
 * glyph's ink starts `bare` or more right of its origin (left of the k-th character's box minus
 * `bare` at least the x of its origin; an origin pdfium does not give reads as 0; a box a repair
 * changed counts as changed, as in newsmon_wide_pairs). Writes each one found to out[n], its
 * origin's x to origins[n] and its box to boxes[4n..4n+3]; returns how many. */
int newsmon_bare_edges(void *box_function, void *origin_function, void *text_page, const int *index,
                       int offset, int count, double bare, const int *changed_index,
                       const double *changed_boxes_, int changed_count, int *out, double *origins,
                       double *boxes)
{
    changed_boxes changed = {changed_index, changed_boxes_, changed_count};
    char_origin_fn get_origin = (char_origin_fn)origin_function;
    int found = 0;
    double box[4], x, y;
    for (int k = 0; k < count; k++) {
        int at = index[k] + offset;
        box_of((char_box_fn)box_function, text_page, at, &changed, box);
        if (at < 0 || !get_origin(text_page, at, &x, &y))
            x = 0.0;
        if (box[0] - bare >= x) {
            for (int i = 0; i < 4; i++)
                boxes[4 * found + i] = box[i];
            origins[found] = x;
            out[found++] = k;
        }
    }
    return found;
}
