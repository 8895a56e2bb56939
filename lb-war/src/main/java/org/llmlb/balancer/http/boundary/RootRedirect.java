package org.llmlb.balancer.http.boundary;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /} → the admin UI. Mapped to {@code ""}, the servlet pattern for exactly the
 * context root; {@code "/"} would make it the default servlet and swallow static files.
 */
@WebServlet("")
public class RootRedirect extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // relative, so it works under any context root (EAR topology) and behind a reverse proxy
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", "admin");
        response.setContentLength(0);
    }
}
