package org.commitmentledger.read;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Query parameters a handler method reads without declaring them as {@code @RequestParam} (from the request
 * itself): {@link QueryParameters} accepts them beside the declared ones.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface AcceptsParameters {

    String[] value();
}
