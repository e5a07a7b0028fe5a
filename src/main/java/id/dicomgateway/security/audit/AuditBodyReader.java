package id.dicomgateway.security.audit;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/** Keeps the study a JSON body names (process, direct-dcm) for the audit record; the body itself goes on untouched. */
@Provider
public final class AuditBodyReader implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof AuditSubject subject && subject.study() != null) {
            context.setProperty(AuditFilter.STUDY, subject.study());
        }
        return body;
    }
}
