package dev.overcast.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The ceiling of {@code s3-get-1k}: a trivial endpoint on the HTTP stack the services run on (Spring Boot's embedded
 * Tomcat, one servlet on every path, the services' Tomcat settings) that answers every GET with the same 1 KiB from
 * memory as an S3 GetObject answer, and every PUT (CreateBucket, PutObject) with 200 after reading the body. What
 * the load generator's {@code s3-get-1k} reaches against it is what the stack alone allows on this machine, no
 * storage, no protocol layer.
 *
 * <pre>java -cp bench/target/bench.jar dev.overcast.bench.CeilingServer --server.port=PORT</pre>
 */
@SpringBootApplication
public class CeilingServer {

    private static final String ETAG = "\"0f343b0931126a20f133d67c2b018a3b\"";

    public static void main(String[] args) {
        SpringApplication app = new SpringApplicationBuilder(CeilingServer.class).web(WebApplicationType.SERVLET)
                .properties("server.tomcat.threads.max=64", "server.max-http-request-header-size=64KB",
                        "spring.main.banner-mode=off")
                .build();
        app.run(args);
    }

    @Bean
    ServletRegistrationBean<HttpServlet> ceiling() {
        byte[] body = new byte[1024];
        new Random(1).nextBytes(body);
        return new ServletRegistrationBean<>(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setStatus(200);
                response.setContentType("binary/octet-stream");
                response.setContentLength(body.length);
                response.setHeader("ETag", ETAG);
                response.setHeader("Accept-Ranges", "bytes");
                response.setDateHeader("Last-Modified", 0);
                response.getOutputStream().write(body);
            }

            @Override
            protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
                try (InputStream in = request.getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                response.setStatus(200);
                response.setHeader("ETag", ETAG);
                response.setContentLength(0);
            }
        }, "/*");
    }
}
