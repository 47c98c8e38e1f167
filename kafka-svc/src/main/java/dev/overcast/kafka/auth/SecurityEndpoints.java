package dev.overcast.kafka.auth;

import dev.overcast.kafka.tls.CaServlet;
import dev.overcast.kafka.tls.CertificateAuthority;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The suite's own endpoints of MSK's security: the CA's certificate for clients, the IAM check for the brokers. */
@Configuration(proxyBeanMethods = false)
class SecurityEndpoints {

    @Bean
    ServletRegistrationBean<CaServlet> mskCaServlet(CertificateAuthority authority) {
        return new ServletRegistrationBean<>(new CaServlet(authority), CaServlet.PATH);
    }

    @Bean
    ServletRegistrationBean<IamServlet> mskIamServlet(IamPayloadCheck check) {
        return new ServletRegistrationBean<>(new IamServlet(check), IamServlet.PATH);
    }
}
