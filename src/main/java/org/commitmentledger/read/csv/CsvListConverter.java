package org.commitmentledger.read.csv;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Writes {@code text/csv} (RFC 4180: one header row, CRLF, quotes where needed) with jackson-dataformat-csv. It claims
 * the JSON answers of reads (maps and records) so content negotiation can choose it for {@code Accept: text/csv};
 * {@link CsvLists} then hands it the answer's list as a {@link CsvTable} (a record too). It reads nothing.
 */
class CsvListConverter extends AbstractHttpMessageConverter<Object> {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final CsvMapper csv = new CsvMapper();

    CsvListConverter() {
        super(TEXT_CSV);
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return Map.class.isAssignableFrom(clazz) || clazz.isRecord();
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected boolean canWrite(MediaType mediaType) {
        // null asks what it can produce at all; a wildcard Accept keeps getting JSON, only an explicit text/csv is CSV
        return mediaType == null || !mediaType.isWildcardType() && super.canWrite(mediaType);
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("CSV is not read", input);
    }

    @Override
    protected void writeInternal(Object body, HttpOutputMessage output) throws IOException {
        if (!(body instanceof CsvTable table)) {
            throw new IllegalStateException("a CSV answer is written from its list only");
        }
        CsvSchema.Builder schema = CsvSchema.builder();
        table.columns().forEach(schema::addColumn);
        CsvSchema withHeader = schema.build().withHeader().withLineSeparator("\r\n").withNullValue("");
        Writer out = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
        if (table.columns().isEmpty()) {
            out.write("\r\n");
            out.flush();
            return;
        }
        try (SequenceWriter rows = csv.writer(withHeader).writeValues(out)) {
            for (Map<String, String> row : table.rows()) {
                rows.write(row);
            }
        }
    }
}
