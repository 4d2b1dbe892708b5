package dev.vibecoder.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request bodies are read as typed: a number, true or false where a string is expected is a 400
 * naming the field ({@link ApiErrors}), not the string "123". Jackson turns scalars into strings by
 * default. Only the MVC converters get the strict copy of Spring's ObjectMapper: the shared one also
 * reads the routes' events and the hub's clients' answers, and stays as it is.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonBodies implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.replaceAll(converter -> converter.getClass() == MappingJackson2HttpMessageConverter.class
                ? new MappingJackson2HttpMessageConverter(strict(((MappingJackson2HttpMessageConverter) converter)
                        .getObjectMapper()))
                : converter);
    }

    static ObjectMapper strict(ObjectMapper shared) {
        ObjectMapper strict = shared.copy();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict;
    }
}
