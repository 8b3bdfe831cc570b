package org.commitmentledger.demo;

import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * The demo runs only on its own embedded store: the {@code demo} profile refuses the {@code prod} and {@code postgres}
 * profiles and any datasource but an embedded H2 file inside a folder named {@code demo} (./data/demo by default). Its
 * events carry 2024 record times that no client could have written, so they must never land in a real ledger.
 * Checked before any bean is created, so a refused start opens no database.
 */
final class DemoChecks implements BeanFactoryPostProcessor {

    static final String PROFILE = "demo";
    private static final List<String> REFUSED_WITH = List.of("prod", "postgres");

    private final Environment environment;

    DemoChecks(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment.getActiveProfiles(), environment.getProperty("spring.datasource.url"));
    }

    static void check(String[] profiles, String datasourceUrl) {
        if (!Arrays.asList(profiles).contains(PROFILE)) {
            return;
        }
        for (String refused : REFUSED_WITH) {
            if (Arrays.asList(profiles).contains(refused)) {
                throw new IllegalStateException("the demo profile seeds invented record times and runs only on its own "
                        + "embedded store: refusing to start it with the " + refused + " profile");
            }
        }
        if (!inADemoFolder(datasourceUrl)) {
            throw new IllegalStateException("the demo profile runs only on an embedded H2 file inside a folder named "
                    + "demo (default jdbc:h2:file:./data/demo/ledger), not on " + abbreviated(datasourceUrl)
                    + ": refusing to start");
        }
    }

    static boolean inADemoFolder(String url) {
        if (url == null || !url.startsWith("jdbc:h2:file:")) {
            return false;
        }
        String path = url.substring("jdbc:h2:file:".length());
        int options = path.indexOf(';');
        path = (options < 0 ? path : path.substring(0, options)).replace('\\', '/');
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        String folder = path.substring(0, slash);
        return folder.equals("demo") || folder.endsWith("/demo");
    }

    private static String abbreviated(String url) {
        if (url == null) {
            return "no datasource URL";
        }
        int colon = url.indexOf(':', url.indexOf(':') + 1);
        return colon < 0 ? url : url.substring(0, colon + 1) + "…";
    }
}
