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

/* newsmon_char_boxes with pdfium's box function, the index array and the out array from
 * `context` (pdf._BoxBuffer.box_context, in that order: a buffer's, the same from line to line;
 * two ctypes arguments fewer a call, see gaps_context). */
void newsmon_char_boxes_in(void *const *context, void *text_page, int offset, int count)
{
    newsmon_char_boxes(context[0], text_page, (const int *)context[1], offset, count, (double *)context[2]);
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

typedef double (*font_size_fn)(void *text_page, int index);

/* out[k] = pdfium's font size of the k-th character (FPDFText_GetFontSize, called as it is:
 * a page's lines' sizes in one call, see pdf._body_size). */
void newsmon_font_sizes(void *function, void *text_page, const int *index, int count, double *out)
{
    for (int k = 0; k < count; k++)
        out[k] = ((font_size_fn)function)(text_page, index[k]);
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

/* The ZWNJ repair's looks at a body line (arabic._restore_zwnj), in one call. `text` holds the
 * line's `count` characters; character k is pdfium's index[k] + offset (offset + k where index is
 * NULL: a line in pdfium's order). `classes` holds one byte per code point U+0600..U+06FF: bit 1,
 * joins the next letter (arabic._ZWNJ_BEFORE, or its _SHAPED set); bit 2, has presentation forms
 * (_ZWNJ_AFTER, or _SHAPED); bit 4, a letter _COMMON_ZWNJ_PLACE opens with, bit 8, a word
 * character, bit 16, a yeh, bit 32, a letter _COMMON_ZWNJ_PLACE looks ahead for (see
 * arabic._gap_classes). A box a repair changed (`changed_count` of them: pdfium indices, boxes)
 * counts as changed.
 *
 * First the wide pairs: the positions k (ascending) where text[k] joins the next letter and
 * text[k + 1] has forms, and the box of the k-th character starts more than `least` right of
 * where that of the (k + 1)-th ends; each to out[n], the two boxes to boxes[8n..8n+7] (each box
 * read once). Then the bare edges of the places _COMMON_ZWNJ_PLACE finds (ascending): those whose
 * glyph's ink starts `bare` or more right of its origin (as newsmon_bare_edges); each after the
 * pairs in out, its origin's x to origins[n], its box after the pairs' in boxes. Returns the
 * pairs' count, and the edges' in *edge_count. */
static int class_at(const unsigned int *text, int count, int k, const unsigned char *classes)
{
    if (k < 0 || k >= count || text[k] - 0x600u > 0xffu)
        return 0;
    return classes[text[k] - 0x600u];
}

/* Whether the ink of character `at` starts `bare` or more right of its origin: its box (a changed
 * one where a repair changed it) to `box`, its origin's x to *x (0 where pdfium gives none). */
static int bare_edge(char_box_fn get_box, char_origin_fn get_origin, void *text_page, int at,
                     const changed_boxes *changed, double bare, double *box, double *x)
{
    double y;
    box_of(get_box, text_page, at, changed, box);
    if (at < 0 || !get_origin(text_page, at, x, &y))
        *x = 0.0;
    return box[0] - bare >= *x;
}

int newsmon_zwnj_gaps(void *box_function, void *origin_function, void *text_page, const unsigned int *text,
                      const int *index, int offset, int count, const unsigned char *classes, double least,
                      double bare, const int *changed_index, const double *changed_boxes_, int changed_count,
                      int *out, double *boxes, double *origins, int *edge_count)
{
    char_box_fn get_box = (char_box_fn)box_function;
    char_origin_fn get_origin = (char_origin_fn)origin_function;
    changed_boxes changed = {changed_index, changed_boxes_, changed_count};
    int found = 0, read_at = -1;
    double box[4] = {0.0}, next[4] = {0.0};
    for (int k = 0; k + 1 < count; k++) {
        if (!(class_at(text, count, k, classes) & 1) || !(class_at(text, count, k + 1, classes) & 2))
            continue;
        if (read_at == k) {  /* the second box of the pair before */
            for (int i = 0; i < 4; i++)
                box[i] = next[i];
        } else {
            box_of(get_box, text_page, (index ? index[k] : k) + offset, &changed, box);
        }
        box_of(get_box, text_page, (index ? index[k + 1] : k + 1) + offset, &changed, next);
        read_at = k + 1;
        if (box[0] - next[2] > least) {
            for (int i = 0; i < 4; i++) {
                boxes[8 * found + i] = box[i];
                boxes[8 * found + 4 + i] = next[i];
            }
            out[found++] = k;
        }
    }
    int pairs = found, edges = 0;
    double *edge_boxes = boxes + 8 * pairs;
    for (int k = 1; k < count; k++) {
        int after = class_at(text, count, k + 1, classes);
        if (!(class_at(text, count, k, classes) & 4) || !(class_at(text, count, k - 1, classes) & 8)
                || !(((after & 32) && (class_at(text, count, k + 2, classes) & 8))
                     || ((after & 16) && !(class_at(text, count, k + 2, classes) & 8))))
            continue;
        double x;
        if (bare_edge(get_box, get_origin, text_page, (index ? index[k] : k) + offset, &changed, bare, box, &x)) {
            for (int i = 0; i < 4; i++)
                edge_boxes[4 * edges + i] = box[i];
            origins[edges] = x;
            out[pairs + edges++] = k;
        }
    }
    *edge_count = edges;
    return pairs;
}

/* What newsmon_zwnj_gaps_at reads besides a line's text page and text: pdf._BoxBuffer.gaps_context,
 * one pointer-sized slot each, in this order. A call through ctypes costs some 450 instructions
 * an argument (libffi classifies each anew), more than the loop's box reads on most lines: the
 * arguments that stay the same from line to line are handed over once, here, and the line's
 * ints are written to one int array (line: offset, count, changed count, whether the line reads
 * its characters through `index`; one struct pack in Python, not four ctypes arguments). */
typedef struct {
    void *get_box;
    void *get_origin;
    const double *limits;        /* least, bare */
    const int *changed_index;    /* the boxes a repair changed (changed_count of them) */
    const double *changed_boxes;
    int *out;
    double *boxes;
    double *origins;
    int *edge_count;
    const int *line;                    /* offset, count, changed count, indexed (1: ints, 2: bytes) */
    const unsigned char *const *classes; /* where the letters' classes are (set when they change) */
    const int *index;                   /* the buffer's indices (read where line[3] is not 0) */
} gaps_context;

/* newsmon_zwnj_gaps with every argument but the text page and the text from `context` (see
 * gaps_context); `index` NULL where line[3] is 0 (a line still in pdfium's order). Where line[3]
 * is 2, the buffer's indices hold the line's positions as bytes, one each (a line whose positions
 * are all below 256: Python writes bytes(order) at a few instructions a position, where packing
 * ints costs tens): they are widened to ints in place first, from the last (int k takes bytes 4k
 * to 4k + 3, past byte k for every k > 0, so no byte is overwritten before it is read). */
int newsmon_zwnj_gaps_at(void *const *context, void *text_page, const unsigned int *text)
{
    const gaps_context *c = (const gaps_context *)context;
    const int *line = c->line;
    if (line[3] == 2) {
        const unsigned char *bytes = (const unsigned char *)c->index;
        int *ints = (int *)c->index;  /* the buffer's own indices (pdf._BoxBuffer.indices), writable */
        for (int k = line[1] - 1; k >= 0; k--)
            ints[k] = bytes[k];
    }
    return newsmon_zwnj_gaps(c->get_box, c->get_origin, text_page, text, line[3] ? c->index : (const int *)0, line[0],
                             line[1], *c->classes, c->limits[0], c->limits[1], c->changed_index, c->changed_boxes,
                             line[2], c->out, c->boxes, c->origins, c->edge_count);
}

/* The ZWNJ repair's second look (arabic._hidden_zwnjs), in one call: the k (ascending) whose
 * glyph's ink starts `bare` or more right of its origin (left of the k-th character's box minus
 * `bare` at least the x of its origin; an origin pdfium does not give reads as 0; a box a repair
 * changed counts as changed, as in newsmon_zwnj_gaps). Writes each one found to out[n], its
 * origin's x to origins[n] and its box to boxes[4n..4n+3]; returns how many. */
int newsmon_bare_edges(void *box_function, void *origin_function, void *text_page, const int *index,
                       int offset, int count, double bare, const int *changed_index,
                       const double *changed_boxes_, int changed_count, int *out, double *origins,
                       double *boxes)
{
    changed_boxes changed = {changed_index, changed_boxes_, changed_count};
    char_origin_fn get_origin = (char_origin_fn)origin_function;
    int found = 0;
    double box[4], x;
    for (int k = 0; k < count; k++) {
        if (bare_edge((char_box_fn)box_function, get_origin, text_page, index[k] + offset, &changed, bare, box, &x)) {
            for (int i = 0; i < 4; i++)
                boxes[4 * found + i] = box[i];
            origins[found] = x;
            out[found++] = k;
        }
    }
    return found;
}

/* newsmon_bare_edges with every argument but the text page from `context`, a gaps_context (the
 * same slots: the buffer's indices, line[0] the offset, line[1] the count, limits[1] the bare,
 * line[2] the changed count, out, origins and boxes the buffer's), as newsmon_zwnj_gaps_at. */
int newsmon_bare_edges_at(void *const *context, void *text_page)
{
    const gaps_context *c = (const gaps_context *)context;
    const int *line = c->line;
    return newsmon_bare_edges(c->get_box, c->get_origin, text_page, c->index, line[0], line[1], c->limits[1],
                              c->changed_index, c->changed_boxes, line[2], c->out, c->origins, c->boxes);
}

typedef unsigned long (*font_info_fn)(void *text_page, int index, void *buffer, unsigned long length,
                                      int *flags);
typedef int (*font_weight_fn)(void *text_page, int index);
typedef unsigned int (*unicode_fn)(void *text_page, int index);
typedef int (*matrix_fn)(void *text_page, int index, float *matrix);  /* FS_MATRIX: a, b, c, d, e, f */

/* What newsmon_line_facts calls and where it writes: pdf.py's _LINE_CONTEXT, one pointer-sized
 * slot each, in this order. It writes where the parser's own calls write (pdf._ORIGIN,
 * _FONT_NAME, _FONT_FLAGS, _MATRIX, _SPAN), so each buffer holds afterwards what it would. */
typedef struct {
    char_origin_fn get_origin;
    font_info_fn get_font_info;
    font_weight_fn get_font_weight;
    unicode_fn get_unicode;
    matrix_fn get_matrix;
    count_rects_fn count_rects;
    get_rect_fn get_rect;
    char_box_fn get_box;
    double *origin;             /* x, y */
    char *name;                 /* the font's name */
    unsigned long name_size;
    int *flags;                 /* the font descriptor's flags */
    float *matrix;
    double *span;               /* a glyph box: left, right, bottom, top */
    const char *bold_words;     /* pdf._BOLD_WORDS: words separated by NUL, an empty one last */
    const char *regular_words;  /* pdf._REGULAR_WORDS */
    const char *italic_words;   /* pdf._ITALIC_WORDS */
    unsigned long italic_flag;  /* pdf._ITALIC_FLAG */
} line_context;

/* Whether the first `length` bytes of `name` hold one of `words` (lower-case ASCII), ASCII
 * letters compared regardless of case: as pdf.py asks the name decoded as Latin-1 and lowered
 * (a byte that is no ASCII letter lowers to no ASCII letter). */
static int has_word(const char *name, unsigned long length, const char *words)
{
    for (const char *word = words; *word; ) {
        unsigned long size = 0;
        while (word[size])
            size++;
        for (unsigned long at = 0; at + size <= length; at++) {
            unsigned long k = 0;
            while (k < size) {
                char ch = name[at + k];
                if (ch >= 'A' && ch <= 'Z')
                    ch = (char)(ch - 'A' + 'a');
                if (ch != word[k])
                    break;
                k++;
            }
            if (k == size)
                return 1;
        }
        word += size + 1;
    }
    return 0;
}

/* What the font name in c->name (its first `size` bytes) says: 1 where it holds a bold word, 2 a
 * regular one, 4 an italic one (has_word of each list). The last name's answer is kept: most lines
 * of a document are set in a few fonts, and the three scans of a name cost some 900 instructions
 * (a fifth of a line's facts). The word lists are the parser's constants, the same for every call.
 * Kept for each thread: ctypes lets go of the GIL during a call, so two threads may be in here. */
static _Thread_local char last_name[256];
static _Thread_local unsigned long last_size = (unsigned long)-1;
static _Thread_local int last_says;

static int name_words(const line_context *c, unsigned long size)
{
    if (size == last_size) {
        unsigned long k = 0;
        while (k < size && c->name[k] == last_name[k])
            k++;
        if (k == size)
            return last_says;
    }
    int says = (has_word(c->name, size, c->bold_words) ? 1 : 0)
               | (has_word(c->name, size, c->regular_words) ? 2 : 0)
               | (has_word(c->name, size, c->italic_words) ? 4 : 0);
    if (size < sizeof last_name) {
        for (unsigned long k = 0; k < size; k++)
            last_name[k] = c->name[k];
        last_size = size;
        last_says = says;
    }
    return says;
}

/* The reads pdf._line makes of every line, in one call and in its order (see pdf._line_facts):
 * the origin of character `mid` (y preset to 0), its font's style as pdf._font_style tells it
 * (`at_space`: whether the character is a space, -1 where pdfium is to say), the text rects of
 * the `length` characters from `start` into `rects` as newsmon_text_rects reads them (none where
 * length < 0), and the glyph box of character `lead` (none where lead < 0). Returns 8 times the
 * rects' count, plus 1 where bold, 2 where italic, 4 where only the font's weight said bold. */
int newsmon_line_facts(void *const *context, void *text_page, int mid, int at_space, int start, int length,
                       int lead, double *rects, int room)
{
    const line_context *c = (const line_context *)context;
    c->origin[1] = 0.0;
    c->get_origin(text_page, mid, c->origin, c->origin + 1);
    c->name[0] = '\0';
    c->flags[0] = 0;
    c->get_font_info(text_page, mid, c->name, c->name_size, c->flags);
    unsigned long size = 0;
    while (size < c->name_size && c->name[size])
        size++;
    int says = name_words(c, size);
    int bold, weighed = 0;
    if (says & 1)
        bold = 1;
    else if (says & 2)
        bold = 0;
    else
        bold = weighed = c->get_font_weight(text_page, mid) >= 600;
    int italic = (says & 4) || (c->flags[0] & (int)c->italic_flag) != 0;
    if (!italic) {
        int index = mid;
        if (at_space >= 0 ? at_space : c->get_unicode(text_page, mid) == 0x20)
            index++;  /* a space: its matrix may be a generated one */
        c->get_matrix(text_page, index, c->matrix);
        double b = c->matrix[1], cc = c->matrix[2], d = c->matrix[3];
        italic = (cc < 0 ? -cc : cc) > 0.1 * (d != 0.0 ? (d < 0 ? -d : d) : 1.0) && (b < 0 ? -b : b) < 0.01;
    }
    int count = 0;
    if (length >= 0)
        count = newsmon_text_rects((void *)c->count_rects, (void *)c->get_rect, text_page, start, length, -1,
                                   rects, room);
    if (lead >= 0)
        c->get_box(text_page, lead, c->span, c->span + 1, c->span + 2, c->span + 3);
    return 8 * count + (bold | italic << 1 | weighed << 2);
}

/* newsmon_line_facts with its rects buffer and that buffer's room from `context` (slots 18 and
 * 19 of pdf._LINE_CONTEXT, set by pdf._line_rects_into for each box buffer): two arguments fewer a
 * line, each of which cost some 450 instructions through ctypes (libffi classifies it anew). */
int newsmon_line_facts_in(void *const *context, void *text_page, int mid, int at_space, int start, int length,
                          int lead)
{
    return newsmon_line_facts(context, text_page, mid, at_space, start, length, lead, (double *)context[18],
                              (int)(long)context[19]);
}

/* newsmon_line_facts_in with the line's own ints from `context` too: slot 20 of pdf._LINE_CONTEXT
 * points at five ints (mid, at_space, start, length, lead) that pdf._line_facts writes for each
 * line, where each would be an argument through ctypes (some 450 instructions each). Where the line
 * has two rects or more and all were read, the box around them goes to the four doubles at slot 21
 * (left, bottom, right, top), as pdf._rects_box makes it: each the first rect's, then a later rect's
 * where it is less (left, bottom) or greater (right, top), as Python's min() and max() pick (a line
 * of several text objects: their rects' list, slices and min() and max() cost some 2,500
 * instructions in Python), and whether they interleave as pdf._objects_interleave tells it: the
 * sum of their right edges less the sum of their left edges (each summed in order from 0.0, as
 * Python's sum() of floats adds them) greater than the box's width plus the double at slot 22
 * (pdf._INTERLEAVED_HEIGHTS) times its height (a Ghostscript reprint's lines: see
 * pdf._drawn_out_of_order; the sums cost some 7,500 instructions a line in Python). Returns 16
 * times the rects' count, plus 8 where they interleave, plus newsmon_line_facts's style bits. */
int newsmon_line_facts_at(void *const *context, void *text_page)
{
    const int *line = (const int *)context[20];
    int found = newsmon_line_facts_in(context, text_page, line[0], line[1], line[2], line[3], line[4]);
    int count = found >> 3;
    int interleaved = 0;
    if (count > 1 && count <= (int)(long)context[19]) {
        const double *rect = (const double *)context[18];  /* pdfium's order: l, t, r, b */
        double left = rect[0], top = rect[1], right = rect[2], bottom = rect[3];
        for (int k = 1; k < count; k++) {
            const double *next = rect + 4 * k;
            if (next[0] < left)
                left = next[0];
            if (next[3] < bottom)
                bottom = next[3];
            if (next[2] > right)
                right = next[2];
            if (next[1] > top)
                top = next[1];
        }
        double *box = (double *)context[21];
        box[0] = left;
        box[1] = bottom;
        box[2] = right;
        box[3] = top;
        double rights = 0.0, lefts = 0.0;
        for (int k = 0; k < count; k++) {
            rights += rect[4 * k + 2];
            lefts += rect[4 * k];
        }
        interleaved = rights - lefts > right - left + *(const double *)context[22] * (top - bottom);
    }
    return count * 16 + interleaved * 8 + (found & 7);
}

typedef int (*count_objects_fn)(void *parent);
typedef void *(*get_object_fn)(void *page, int index);
typedef void *(*get_form_object_fn)(void *form, unsigned long index);
typedef int (*object_type_fn)(void *object);
typedef int (*bounds_fn)(void *object, float *left, float *bottom, float *right, float *top);

/* What newsmon_pictures calls and where it writes: pdf.py's _PICTURE_CONTEXT, one pointer-sized
 * slot each, in this order. */
typedef struct {
    count_objects_fn count_objects;       /* a page's */
    get_object_fn get_object;
    count_objects_fn count_form_objects;  /* a form object's */
    get_form_object_fn get_form_object;
    object_type_fn get_type;
    bounds_fn get_bounds;
    float *bounds;                        /* pdf._BOUNDS: left, bottom, right, top */
    unsigned long form, image;            /* pdfium's FPDF_PAGEOBJ_FORM and FPDF_PAGEOBJ_IMAGE */
    unsigned long least;                  /* the least width and height of a picture */
    unsigned long depth;                  /* how deep forms are looked into */
} picture_context;

static int collect_pictures(const picture_context *c, void *parent, int form, unsigned long depth, float *out,
                            int room, int found);

/* One object of a page or form `depth` forms deep, of pdfium's type `kind`: a form looked into (while
 * depth < c->depth), an image's box written to out if it is large enough (while found < room); the
 * pictures found so far, this one's counted. */
static int picture_of(const picture_context *c, void *object, int kind, unsigned long depth, float *out,
                      int room, int found)
{
    if (kind == (int)c->form && depth < c->depth)
        return collect_pictures(c, object, 1, depth + 1, out, room, found);
    if (kind == (int)c->image && c->get_bounds(object, c->bounds, c->bounds + 1, c->bounds + 2, c->bounds + 3)) {
        double left = c->bounds[0], bottom = c->bounds[1], right = c->bounds[2], top = c->bounds[3];
        if (right - left >= (double)c->least && top - bottom >= (double)c->least) {
            if (found < room)
                for (int i = 0; i < 4; i++)
                    out[4 * found + i] = c->bounds[i];
            found++;
        }
    }
    return found;
}

static int collect_pictures(const picture_context *c, void *parent, int form, unsigned long depth, float *out,
                            int room, int found)
{
    int count = form ? c->count_form_objects(parent) : c->count_objects(parent);
    for (int k = 0; k < count; k++) {
        void *object = form ? c->get_form_object(parent, (unsigned long)k) : c->get_object(parent, k);
        found = picture_of(c, object, c->get_type(object), depth, out, room, found);
    }
    return found;
}

/* pdf._collect_pictures of a page in one call: the boxes (left, bottom, right, top) of its image
 * objects, and those of the form objects in it (as deep as the context says), at least as wide
 * and high as it says, in the page's order, into out[4n..4n+3] while they fit in `room`. Returns
 * how many there are (the caller makes room and asks again). */
int newsmon_pictures(void *const *context, void *page, float *out, int room)
{
    return collect_pictures((const picture_context *)context, page, 0, 0, out, room, 0);
}

/* The greatest height of the glyph boxes of a text page's spaces, tabs and ZWNJs (its first
 * `count` characters; 0 where it has none). pdfium gives a word space's box no height (0.01 pt)
 * and a kashida stroke that a font maps to a blank its ink (arabic._inked_blanks): where no
 * blank of a page is as high as a line's stroke, the line's blanks need no box of their own. */
double newsmon_blank_height(void *unicode_function, void *box_function, void *text_page, int count)
{
    unicode_fn get_unicode = (unicode_fn)unicode_function;
    char_box_fn get_box = (char_box_fn)box_function;
    double most = 0.0, box[4];
    for (int i = 0; i < count; i++) {
        unsigned int u = get_unicode(text_page, i);
        if (u != 0x20u && u != 0x09u && u != 0x200cu)
            continue;
        read_box(get_box, text_page, i, box);
        if (box[3] - box[1] > most)
            most = box[3] - box[1];
    }
    return most;
}

/* pdf._ligature_order of a page in one call: over the page's text (UTF-32, `count` characters
 * from pdfium's index `offset` on), the pairs of neighbours, a character of class bit 1 (a reh,
 * zain or jeh: no ligature begins with one) then one of bit 2 (a letter that joins the next, no
 * alef), that share one glyph box (a ligature's letters reversed); their number to counts[0]. */
void newsmon_shared_pairs(void *box_function, void *text_page, const unsigned int *text, int offset, int count,
                          const unsigned char *classes, int *counts)
{
    char_box_fn get_box = (char_box_fn)box_function;
    double a[4], b[4];
    counts[0] = 0;
    for (int k = 0; k + 1 < count; k++) {
        if (!(class_at(text, count, k, classes) & 1) || !(class_at(text, count, k + 1, classes) & 2))
            continue;
        read_box(get_box, text_page, k + offset, a);
        read_box(get_box, text_page, k + 1 + offset, b);
        if (a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3] && a[2] > a[0])
            counts[0]++;
    }
}

typedef int (*count_marks_fn)(void *object);
typedef void *(*get_mark_fn)(void *object, unsigned long index);
typedef int (*mark_string_fn)(void *mark, const char *key, unsigned short *buffer, unsigned long length,
                              unsigned long *written);
typedef int (*count_params_fn)(void *mark);

/* What newsmon_misplaced_texts calls and where it writes: pdf.py's _MISPLACED_CONTEXT, one
 * pointer-sized slot each, in this order. */
typedef struct {
    count_objects_fn count_objects;
    get_object_fn get_object;
    object_type_fn get_type;
    bounds_fn get_bounds;
    count_marks_fn count_marks;
    get_mark_fn get_mark;
    mark_string_fn mark_string;
    float *bounds;                        /* pdf._BOUNDS */
    unsigned short *text;                 /* room for an /ActualText, UTF-16 */
    unsigned long room;                   /* its size in bytes */
    unsigned long text_kind;              /* pdfium's FPDF_PAGEOBJ_TEXT */
    count_params_fn count_params;         /* FPDFPageObjMark_CountParams (newsmon_page_scan's lost texts) */
} misplaced_context;

/* Whether UTF-16 text has a letter: anything but spaces, controls and the format characters
 * (ZWNJ, ZWJ, marks of direction, BOM) that an /ActualText of a blank glyph may hold. */
static int has_letter(const unsigned short *text, unsigned long units)
{
    for (unsigned long i = 0; i < units; i++) {
        unsigned short u = text[i];
        if (u > 0x20u && u != 0xa0u && !(u >= 0x2000u && u <= 0x200fu) && u != 0x202fu && u != 0xfeffu
            && !(u >= 0x2028u && u <= 0x202eu))
            return 1;
    }
    return 0;
}

/* glyph_text.misplaced_actual_text of a page in one call: whether one of its text objects is a
 * blank glyph (a box with no width or no height) whose /ActualText has a letter. */
/* Is the text object a blank (a box under 0.01 across or high) whose first /ActualText holds a letter? */
static int misplaced_blank(const misplaced_context *c, void *object)
{
    if (!c->get_bounds(object, c->bounds, c->bounds + 1, c->bounds + 2, c->bounds + 3)) {
        c->bounds[0] = c->bounds[2] = 0.0f;  /* (no box: no width, for newsmon_page_scan) */
        return 0;
    }
    if (c->bounds[2] - c->bounds[0] >= 0.01f && c->bounds[3] - c->bounds[1] >= 0.01f)
        return 0;  /* (the box first: most objects are inked glyphs, and a box costs one call) */
    int marks = c->count_marks(object);
    for (int m = 0; m < marks; m++) {
        unsigned long written = 0;
        void *mark = c->get_mark(object, (unsigned long)m);
        if (!c->mark_string(mark, "ActualText", c->text, c->room, &written))
            continue;
        if (written > c->room)
            written = c->room;
        return has_letter(c->text, written / 2);
    }
    return 0;
}

int newsmon_misplaced_texts(void *const *context, void *page)
{
    const misplaced_context *c = (const misplaced_context *)context;
    int count = c->count_objects(page);
    for (int k = 0; k < count; k++) {
        void *object = c->get_object(page, k);
        if (c->get_type(object) == (int)c->text_kind && misplaced_blank(c, object))
            return 1;
    }
    return 0;
}

/* Whether a text object's last of its `marks` has no parameters (a /ReversedChars or /Artifact BMC). */
static int bare_last(const misplaced_context *c, void *object, int marks)
{
    return marks > 0 && c->count_params(c->get_mark(object, (unsigned long)(marks - 1))) == 0;
}

/* The mark of a text object's `marks` (its last one bare: see bare_last) that holds an /ActualText. */
static void *actual_mark(const misplaced_context *c, void *object, int marks)
{
    for (int m = 0; m < marks - 1; m++) {
        unsigned long written = 0;
        void *mark = c->get_mark(object, (unsigned long)m);
        if (c->mark_string(mark, "ActualText", c->text, c->room, &written))
            return mark;
    }
    return 0;
}

/* newsmon_misplaced_texts and newsmon_pictures of a page in one look through its objects (pdfium's
 * FPDFPage_GetObject checks the page's dictionary at every call: the two looks were each a page's
 * object count of them). Returns 1 where a text object is a misplaced blank (the pictures are then
 * not all read: the caller reads the document again); else 0, the pictures' boxes written into out
 * while they fit in `room` and their number to found[0] (newsmon_pictures' order and tests), the
 * page's objects, in its order, into objects[] while they fit in `object_room` and their number to
 * found[1] (pdf._object_index looks an object up among them: read again, each one was as dear), and
 * to found[2] the number of text objects whose /ActualText pdfium leaves out (pdf._lost_actual_texts:
 * one whose span holds a mark of no parameters last, after a text object with as many marks, the
 * last of no parameters too, and not the same /ActualText mark: pdfium takes it for that one's span). */
int newsmon_page_scan(void *const *pictures_at, void *const *misplaced_at, void *page, float *out, int room,
                      int *found, void **objects, int object_room)
{
    const picture_context *p = (const picture_context *)pictures_at;
    const misplaced_context *c = (const misplaced_context *)misplaced_at;
    int count = c->count_objects(page), pictures = 0, lost = 0, last_marks = 0, last_bare = 0;
    void *last_actual = 0;
    for (int k = 0; k < count; k++) {
        void *object = c->get_object(page, k);
        if (k < object_room)
            objects[k] = object;
        int kind = c->get_type(object);
        if (kind == (int)c->text_kind) {
            if (misplaced_blank(c, object))
                return 1;
            if (c->bounds[2] - c->bounds[0] < 0.01f && c->bounds[0] - c->bounds[2] < 0.01f)
                continue;  /* (misplaced_blank read its box: pdfium passes over an object this narrow) */
            int marks = c->count_marks(object), bare = bare_last(c, object, marks);
            void *actual = bare && marks > 1 ? actual_mark(c, object, marks) : 0;
            lost += actual != 0 && last_bare && marks == last_marks && actual != last_actual;
            last_marks = marks;
            last_bare = bare;
            last_actual = actual;
        } else {
            pictures = picture_of(p, object, kind, 0, out, room, pictures);
        }
    }
    found[0] = pictures;
    found[1] = count;
    found[2] = lost;
    return 0;
}

typedef void *(*text_object_fn)(void *text_page, int index);

/* A space's glyph box narrower than this (points) has no width: pdfium made the space up. */
#define NO_WIDTH 0.001
/* Two origins this close (points) are one: a space pdfium made up in a jump of the pen stands at
 * the origin of the glyph the jump leads to; a space glyph moves the pen by its width. */
#define SAME_ORIGIN 0.01

/* Character `at`'s box to `box` and the x of its origin to *x; 0 where pdfium gives no origin. */
static int box_and_origin(char_box_fn get_box, char_origin_fn get_origin, void *text_page, int at, double *box,
                          double *x)
{
    double y;
    read_box(get_box, text_page, at, box);
    return at >= 0 && get_origin(text_page, at, x, &y);
}

/* 1: character `at` (a space) is a space glyph the page draws (a width, and the pen moved from the
 * character before it); 2: a space pdfium made up in a jump of the pen (no width, at the origin of
 * the character before it); 0: neither. Its box's width to *width. */
static int space_kind(char_box_fn get_box, char_origin_fn get_origin, void *text_page, int at, double *width)
{
    double box[4], before[4], x, x_before;
    if (!box_and_origin(get_box, get_origin, text_page, at, box, &x)
        || !box_and_origin(get_box, get_origin, text_page, at - 1, before, &x_before))
        return 0;
    *width = box[2] - box[0];
    if (*width <= NO_WIDTH)
        return x - x_before <= SAME_ORIGIN && x_before - x <= SAME_ORIGIN ? 2 : 0;
    return x - x_before > SAME_ORIGIN || x_before - x > SAME_ORIGIN ? 1 : 0;
}

/* pdfium's index of the page text's k-th character: index[k], or k + offset where index is NULL. */
static int index_at(const int *index, int offset, int k)
{
    return index ? index[k] : k + offset;
}

/* Whether a glyph of the page (any of its `count` characters but spaces and line breaks) stands
 * in the gap from `low` to `high` on the line of box `line`: its middle in the gap, its box and
 * the line's overlapping in height (a hyphen LibreOffice draws as an object of its own between
 * two words, which pdfium reads elsewhere). */
static int drawn_in_gap(char_box_fn get_box, void *text_page, const unsigned int *text, const int *index,
                        int offset, int count, double low, double high, const double *line)
{
    double box[4];
    for (int j = 0; j < count; j++) {
        if (text[j] == 0x20u || text[j] == 0x0au || text[j] == 0x0du)
            continue;
        read_box(get_box, text_page, index_at(index, offset, j), box);
        double middle = (box[0] + box[2]) / 2;
        if (box[2] > box[0] && middle > low && middle < high && box[1] < line[3] && box[3] > line[1])
            return 1;
    }
    return 0;
}

/* pdf._stretch_gaps of a page in one call: over the page's text (UTF-32, `count` characters,
 * the k-th pdfium's character index[k], or k + offset where index is NULL; `classes` from U+0600:
 * bit 1 a letter that joins the next, bit 2 one that joins the one before), the spaces pdfium
 * made up (see space_kind) between two such letters of one text object, where the object draws
 * more of its spaces as glyphs than pdfium makes up, the gap between the two letters' boxes is
 * narrower than its widest space glyph, and no glyph stands in it: each one's pdfium index and
 * that of the letter after it to out[2n], out[2n + 1] (at most `room` pairs); returns how many. */
int newsmon_stretch_gaps(void *box_function, void *origin_function, void *object_function, void *text_page,
                         const unsigned int *text, const int *index, int offset, int count,
                         const unsigned char *classes, int *out, int room)
{
    char_box_fn get_box = (char_box_fn)box_function;
    char_origin_fn get_origin = (char_origin_fn)origin_function;
    text_object_fn get_object = (text_object_fn)object_function;
    int found = 0;
    for (int k = 1; k + 1 < count && found < room; k++) {
        double width, a[4], b[4];
        int at = index_at(index, offset, k);
        if (text[k] != 0x20u || !(class_at(text, count, k - 1, classes) & 1)
            || !(class_at(text, count, k + 1, classes) & 2) || at < 0)
            continue;
        read_box(get_box, text_page, at, a);  /* most spaces of such a page: glyphs, told by their box alone */
        if (a[2] - a[0] > NO_WIDTH || space_kind(get_box, get_origin, text_page, at, &width) != 2)
            continue;
        void *object = get_object(text_page, at);
        int before = index_at(index, offset, k - 1), after = index_at(index, offset, k + 1);
        if (object == 0 || before < 0 || after < 0 || get_object(text_page, before) != object
            || get_object(text_page, after) != object)
            continue;
        int first = k, last = k;  /* the object's characters (a run of the text) */
        while (first > 0 && index_at(index, offset, first - 1) >= 0
               && get_object(text_page, index_at(index, offset, first - 1)) == object)
            first--;
        while (last + 1 < count && index_at(index, offset, last + 1) >= 0
               && get_object(text_page, index_at(index, offset, last + 1)) == object)
            last++;
        int glyphs = 0, made_up = 0;
        double widest = 0.0;
        for (int j = first > 0 ? first : 1; j <= last; j++) {
            if (text[j] != 0x20u)
                continue;
            int kind = space_kind(get_box, get_origin, text_page, index_at(index, offset, j), &width);
            glyphs += kind == 1;
            made_up += kind == 2;
            if (kind == 1 && width > widest)
                widest = width;
        }
        if (glyphs <= made_up)
            continue;
        read_box(get_box, text_page, before, a);
        read_box(get_box, text_page, after, b);
        double low = a[2] < b[2] ? a[2] : b[2], high = a[0] > b[0] ? a[0] : b[0];
        if (high <= low || high - low >= widest
            || drawn_in_gap(get_box, text_page, text, index, offset, count, low, high, a))
            continue;
        out[2 * found] = at;
        out[2 * found + 1] = after;
        found++;
    }
    return found;
}

/* arabic._drop_kashidas on a page with no blank a stroke high (CompiledReads.blank_height): the
 * runs found as arabic._printed_runs finds them and judged as its loop judges them, in one call
 * instead of some 150 bytecodes a run (a line of LibreOffice's justified Arabic script has ten
 * strokes or more). What newsmon_kashidas reads besides a line's own arguments:
 * pdf._BoxBuffer.kashida_context, one pointer-sized slot each, in this order. */
typedef struct {
    void *get_box;
    const unsigned char *classes;  /* U+0600..U+06FF: 1 letter, 2 mark, 4 joins the next, 8 joins the one before */
    const double *limits;          /* baseline, rise, 1.0 where a rise is given (else 0.0), touch, ink,
                                    * the most ink of a blank that is a stroke */
    int *out;
    double *boxes;
} kashida_context;

static int printed_ascii(unsigned int c)
{
    return c >= 0x21 && c <= 0x7e;
}

static int blank_char(unsigned int c)
{
    return c == 0x20 || c == 0x09;
}

/* arabic._stroke_reach of the run from `start` to `end`: its printed characters' boxes, then its
 * blanks' with a stroke's ink; 0 where one of them is no stroke (or a blank of no ink has width),
 * else 1 and (left, right, bottom) to reach (min and max kept as Python's keep them). */
static int stroke_reach(char_box_fn get_box, void *text_page, const unsigned int *text, const int *index,
                        int offset, int start, int end, const double *limits, double *reach)
{
    int strokes = 0;
    for (int blanks = 0; blanks < 2; blanks++) {
        for (int k = start; k < end; k++) {
            if (blank_char(text[k]) != blanks)
                continue;
            double box[4];
            read_box(get_box, text_page, (index ? index[k] : k) + offset, box);
            if (blanks) {
                double ink = box[3] - box[1];
                if (limits[4] == 0.0)
                    return 0;
                if (!(limits[4] <= ink && ink <= limits[5])) {
                    if (box[2] - box[0] > 0.01)
                        return 0;
                    continue;  /* a space pdfium made up */
                }
            }
            if (!(box[3] - box[1] < 0.6 * (box[2] - box[0])))
                return 0;  /* not flat */
            if (strokes++ == 0) {
                reach[0] = box[0], reach[1] = box[2], reach[2] = box[1];
            } else {
                reach[0] = box[0] < reach[0] ? box[0] : reach[0];
                reach[1] = box[2] > reach[1] ? box[2] : reach[1];
                reach[2] = box[1] < reach[2] ? box[1] : reach[2];
            }
        }
    }
    return strokes > 0;
}

/* arabic._touches: strokes reaching from reach[0] to reach[1] touch the letter of box `letter`. */
static int touches(const double *reach, const double *letter, double touch)
{
    return reach[0] - letter[2] <= touch && letter[0] - reach[1] <= touch;
}

/* Writes the position where each run of strokes that goes starts to out[n] and its end to
 * out[n + 1] (n even), and the new box of the letter before it (its left edge taken to the
 * strokes') to boxes[2n..2n+3]; returns how many runs go. Character k is pdfium's
 * (index ? index[k] : k) + offset. */
int newsmon_kashidas(void *const *context, void *text_page, const unsigned int *text, const int *index,
                     int offset, int count)
{
    const kashida_context *c = (const kashida_context *)context;
    char_box_fn get_box = (char_box_fn)c->get_box;
    const double *limits = c->limits;
    int found = 0;
    int i = 1;
    while (i < count) {
        /* _PRINTED_BETWEEN_LETTERS: a printed ASCII character after a letter or a blank, the
         * ASCII characters and blanks after it, then marks and a letter */
        if (!printed_ascii(text[i]) || !((class_at(text, count, i - 1, c->classes) & 1) || blank_char(text[i - 1]))) {
            i++;
            continue;
        }
        int end = i + 1;
        while (end < count && (text[end] == 0x09 || (text[end] >= 0x20 && text[end] <= 0x7e)))
            end++;
        int next = end;  /* (arabic._next_letter) */
        while (class_at(text, count, next, c->classes) & 2)
            next++;
        if (!(class_at(text, count, next, c->classes) & 1)) {
            i++;
            continue;
        }
        int start = i;  /* (arabic._printed_runs: the blanks before it taken in) */
        while (start > 0 && blank_char(text[start - 1]))
            start--;
        i = end;
        if (!(class_at(text, count, start - 1, c->classes) & 1))
            continue;
        int blanks = 0;
        for (int k = start; k < end; k++)
            blanks |= blank_char(text[k]);
        if (blanks && !((class_at(text, count, start - 1, c->classes) & 4)
                        && (class_at(text, count, next, c->classes) & 8)))
            continue;  /* (a run with a blank stands only where the two letters join) */
        double reach[3], before[4], after[4];
        if (!stroke_reach(get_box, text_page, text, index, offset, start, end, limits, reach))
            continue;
        read_box(get_box, text_page, (index ? index[start - 1] : start - 1) + offset, before);
        if (!touches(reach, before, limits[3]))
            continue;  /* (the run holds a printed character: no blanks alone, see _inked_blanks_near) */
        read_box(get_box, text_page, (index ? index[next] : next) + offset, after);
        if (!touches(reach, after, limits[3]) || !(limits[2] == 0.0 || reach[2] - limits[0] <= limits[1]))
            continue;
        c->out[2 * found] = start;
        c->out[2 * found + 1] = end;
        c->boxes[4 * found] = reach[0] < before[0] ? reach[0] : before[0];
        for (int k = 1; k < 4; k++)
            c->boxes[4 * found + k] = before[k];
        found++;
    }
    return found;
}

/* out[k] = the text object of character index[k] (FPDFText_GetTextObject, NULL where it has none):
 * the objects pdf._drawn_separators looks among, one call for a line's letters where each was a
 * call through ctypes. */
void newsmon_text_objects(void *function, void *text_page, const int *index, int count, void **out)
{
    for (int k = 0; k < count; k++)
        out[k] = ((text_object_fn)function)(text_page, index[k]);
}

/* pdf._drawn_out_of_order's look along a line, in one call (a line of several text objects that
 * reach into each other: pdf._objects_interleave; where it was asked in Python it cost some 100,000
 * instructions a line). `text` holds the line's `count` characters (UTF-32); character k is
 * pdfium's index[k] + offset (offset + k where index is NULL; an index below 0 has no box).
 * `classes` holds one byte per code point U+0600..U+06FF: bit 1 an Arabic letter
 * (arabic.ARABIC_LETTERS), bit 2 a mark (ARABIC_MARKS). Spaces, marks and characters with no
 * glyph box (right <= left and top <= bottom; zeros where pdfium gives none, as pdf._char_boxes
 * reads them) aside, it looks for a character whose box starts
 * more than `least` right of where the last one's ends, either of the two an Arabic letter: where
 * `within`, only one drawn by the same text object as that last one (FPDFText_GetTextObject, not
 * NULL) counts, and the search goes on past the others. Returns 1 where one is found, else 0. */
int newsmon_jump_back(void *const *functions, void *text_page, const unsigned int *text, int count,
                      const int *index, int offset, const unsigned char *classes, int within, double least)
{
    char_box_fn get_box = (char_box_fn)functions[0];
    text_object_fn get_object = (text_object_fn)functions[1];
    double last = -__builtin_inf();
    int before = -1, before_index = -1, before_letter = 0;
    for (int k = 0; k < count; k++) {
        unsigned int ch = text[k];
        int kind = ch >= 0x0600 && ch <= 0x06FF ? classes[ch - 0x0600] : 0;
        if (ch == 0x20 || (kind & 2))
            continue;
        int at = index ? index[k] : offset + k;
        double box[4];  /* left, bottom, right, top (zeros where pdfium gives none: read_box) */
        read_box(get_box, text_page, at, box);
        double left = box[0], right = box[2];
        if (right <= left && box[3] <= box[1])
            continue;
        int letter = kind & 1;
        if (left > last + least && before >= 0 && (letter || before_letter)) {
            if (!within)
                return 1;
            void *drawn = get_object(text_page, at);
            if (drawn && drawn == get_object(text_page, before_index))
                return 1;
        }
        last = right;
        before = k;
        before_index = at;
        before_letter = letter;
    }
    return 0;
}

/* Which of pdfium's characters `index` (n of them) are of no text object (a space pdfium made up):
 * writes each one's k (0..n-1) to `out`, returns how many (pdf._objectless). */
int newsmon_objectless(void *function, void *text_page, const int *index, int n, int *out)
{
    int found = 0;
    for (int k = 0; k < n; k++)
        if (!((text_object_fn)function)(text_page, index[k]))
            out[found++] = k;
    return found;
}

/* Which of the alefs `pairs` (n pairs of pdfium's characters: the one read before the alef in
 * the line, then the alef; each one of the page's `count`) are glued to it and drawn alone
 * (pdf._spaced_alefs): the alef is of a text object, not the one of the character before it
 * in the line, and neither pdfium's character right before it nor the one right after it is
 * of that object (pdf._drawn_alone). Writes each one's k (0..n-1) to `out`, returns how many. */
int newsmon_drawn_alone(void *function, void *text_page, int count, const int *pairs, int n, int *out)
{
    text_object_fn get_object = (text_object_fn)function;
    int found = 0;
    for (int k = 0; k < n; k++) {
        int before = pairs[2 * k], at = pairs[2 * k + 1];
        void *object = get_object(text_page, at);
        if (!object || get_object(text_page, before) == object
            || (at - 1 >= 0 && at - 1 != before && get_object(text_page, at - 1) == object)
            || (at + 1 < count && get_object(text_page, at + 1) == object))
            continue;
        out[found++] = k;
    }
    return found;
}

/* Which of the page's `count` characters are of no text object (spaces and line ends pdfium made
 * up): writes each one's index to `out` (room for count), returns how many (pdf._made_up_on_page:
 * read once for a page, where a line of it may hold a space pdfium made up inside a word). And in
 * the same pass those drawn alone, of an object that neither the character before nor the one
 * after is of (pdf._drawn_alone): each one's index to `alone` (room for count), how many to
 * alone_count[0]. */
int newsmon_page_objectless(void *function, void *text_page, int count, int *out, int *alone, int *alone_count)
{
    text_object_fn get_object = (text_object_fn)function;
    void *before = 0, *here = count > 0 ? get_object(text_page, 0) : 0;
    int found = 0, lone = 0;
    for (int k = 0; k < count; k++) {
        void *after = k + 1 < count ? get_object(text_page, k + 1) : 0;
        if (!here)
            out[found++] = k;
        else if (before != here && after != here)
            alone[lone++] = k;
        before = here;
        here = after;
    }
    *alone_count = lone;
    return found;
}

typedef int (*glyph_width_fn)(void *font, unsigned int glyph, float font_size, float *width);

/* out[k] = the width (ems: at font size 1) of the glyph `font`'s character map gives codes[k]
 * (FPDFFont_GetGlyphWidth, called as it is); 0 where codes[k] is 0 or pdfium gives none. A letter's
 * presentation forms (pdf._form_widths): four calls a letter, each through ctypes, cost more than
 * pdfium's lookups. */
void newsmon_glyph_widths(void *function, void *font, const unsigned int *codes, int count, float *out)
{
    glyph_width_fn get_width = (glyph_width_fn)function;
    for (int k = 0; k < count; k++) {
        float width = 0.0f;
        if (!codes[k] || !get_width(font, codes[k], 1.0f, &width))
            width = 0.0f;
        out[k] = width;
    }
}
