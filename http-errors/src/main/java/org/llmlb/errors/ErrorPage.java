package org.llmlb.errors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.wire.ErrorBody;

/**
 * A WAR's default error page: whatever the container answers by itself (no servlet or resource
 * for the path, a method the default servlet refuses, an exception nobody caught, a body over a
 * limit) goes out as {@code {"error":{"message","type","param","code"}}} instead of the server's
 * HTML page, without exception text. Declared in each WAR's {@code web.xml} as the
 * {@code <error-page>} without code or exception type (the default page) and mapped to a path
 * of its own; asked for directly, that path is just an unknown path.
 * <p>
 * Init parameter {@code plain-not-found}: a regular expression over the path inside the WAR
 * (for example {@code /admin/(?!api/).*}) whose missing files answer a plain-text 404, as static
 * files do, unless the client asks for {@code application/json}.
 */
public class ErrorPage extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ErrorPage.class.getName());
    private static final byte[] PLAIN_NOT_FOUND = "Not found\n".getBytes(StandardCharsets.US_ASCII);

    private static final Set<String> WRITES = Set.of("PUT", "DELETE", "POST", "PATCH");

    private Pattern plainNotFound;

    @Override
    public void init() {
        String pattern = getInitParameter("plain-not-found");
        plainNotFound = pattern == null || pattern.isBlank() ? null : Pattern.compile(pattern);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer number ? number : HttpServletResponse.SC_NOT_FOUND;
        if (failure != null) {
            LOG.log(Level.WARNING, "unhandled failure for " + request.getMethod() + " " + uri, failure);
            status = status >= 400 ? status : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
        String fullPath = uri instanceof String text ? text : request.getRequestURI();
        if (status == HttpServletResponse.SC_FORBIDDEN && WRITES.contains(request.getMethod())) {
            // the default servlet refuses PUT and DELETE on static files with 403: it is a wrong method
            status = HttpServletResponse.SC_METHOD_NOT_ALLOWED;
            response.setHeader("Allow", "GET, HEAD, OPTIONS");
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        if (status == HttpServletResponse.SC_NOT_FOUND && plainNotFound != null
                && plainNotFound.matcher(pathInWar(request, fullPath)).matches() && !wantsJson(request)) {
            write(response, "text/plain;charset=UTF-8", PLAIN_NOT_FOUND, request);
            return;
        }
        write(response, "application/json", body(ContainerError.of(status, request.getMethod(), fullPath)), request);
    }

    static byte[] body(ContainerError error) {
        return ErrorBody.bytes(ErrorBody.of(error.type(), error.code(), error.message()));
    }

    private static void write(HttpServletResponse response, String type, byte[] body, HttpServletRequest request)
            throws IOException {
        response.setContentType(type);
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    private static String pathInWar(HttpServletRequest request, String uri) {
        String context = request.getContextPath();
        return !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }
}
