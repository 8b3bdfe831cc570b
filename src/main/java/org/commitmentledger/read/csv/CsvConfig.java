package org.commitmentledger.read.csv;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Adds the CSV converter after the JSON ones, so JSON stays the answer to every Accept but an explicit text/csv. */
@Configuration
class CsvConfig implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(new CsvListConverter());
    }
}
