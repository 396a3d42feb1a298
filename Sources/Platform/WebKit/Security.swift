import WebKit
import Foundation
import HTTPTypes
import Hummingbird

/// The response headers the OWASP Secure Headers project recommends, on every answer the server gives —
/// pages, JSON, downloads, static files and errors alike. A handler's own value wins (a stylesheet may be
/// cached; a page has its own Content-Security-Policy).
public struct SecurityHeadersMiddleware: RouterMiddleware {
    public typealias Context = AppContext
    public init() {}

    /// For answers that are not pages: nothing may be loaded, framed or based on them.
    public static let apiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'none'"

    public static let always: [(HTTPField.Name, String)] = [
        (.xContentTypeOptions, "nosniff"),
        (.cacheControl, "no-store"),
        (.xFrameOptions, "DENY"),
        (.referrerPolicy, "same-origin"),
        (.crossOriginOpenerPolicy, "same-origin"),
        (.crossOriginResourcePolicy, "same-origin"),
        (.permissionsPolicy, "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
            + "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), "
            + "publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(), usb=(), web-share=(), xr-spatial-tracking=()"),
        (.contentSecurityPolicy, apiPolicy),
    ]

    public func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let e as HTTPResponseError {
            response = try e.response(from: request, context: context)
        }
        for (name, value) in Self.always where response.headers[name] == nil { response.headers[name] = value }
        return response
    }
}

extension HTTPField.Name {
    public static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    public static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    public static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    public static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
    public static let crossOriginResourcePolicy = HTTPField.Name("Cross-Origin-Resource-Policy")!
    public static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!
    public static let clearSiteData = HTTPField.Name("Clear-Site-Data")!
    public static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}

/// The session cookie. Over HTTPS (the server configured with `secureCookies`, or a request that a proxy
/// in front marks `X-Forwarded-Proto: https`) it is `__Host-rasim_session` with `Secure`: a browser then
/// sends it only over HTTPS, only to this host, and no sub-domain can plant one. Over plain HTTP (a
/// workstation, the tests) it is `rasim_session`. Either name is read.
public enum SessionCookie {
    public static let plainName = "rasim_session"
    public static let secureName = "__Host-rasim_session"

    public static func isSecure(_ request: Request, configured: Bool) -> Bool {
        configured || request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    /// The session id the request carries, if any.
    public static func value(_ request: Request) -> String? {
        request.cookies[secureName]?.value ?? request.cookies[plainName]?.value
    }

    public static func set(_ response: inout Response, id: String, maxAge: Int, request: Request, configured: Bool) {
        let secure = isSecure(request, configured: configured)
        response.setCookie(Cookie(name: secure ? secureName : plainName, value: id, maxAge: maxAge, path: "/", secure: secure,
                                  httpOnly: true, sameSite: .strict))
    }

    /// Ends the session in the browser: both cookies expired, and the site's data cleared.
    public static func clear(_ response: inout Response, request: Request, configured: Bool) {
        response.setCookie(Cookie(name: plainName, value: "", maxAge: 0, path: "/", secure: false, httpOnly: true, sameSite: .strict))
        if isSecure(request, configured: configured) {
            response.setCookie(Cookie(name: secureName, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .strict))
        }
        response.headers[.clearSiteData] = "\"cache\", \"cookies\", \"storage\""
    }
}

/// The signed-out visitor's sign-in CSRF token (see `Web.signinPage`): like the session cookie, `__Host-` and
/// `Secure` over HTTPS; it lives until the browser closes or the sign-in succeeds. Only a value of the shape
/// `Secrets.randomToken` gives is read.
public enum SigninCookie {
    public static let plainName = "rasim_signin"
    public static let secureName = "__Host-rasim_signin"

    public static func value(_ request: Request) -> String? {
        let v = request.cookies[secureName]?.value ?? request.cookies[plainName]?.value
        guard let v, v.utf8.count == 64, v.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return v
    }

    public static func set(_ response: inout Response, _ token: String, request: Request, configured: Bool) {
        let secure = SessionCookie.isSecure(request, configured: configured)
        response.setCookie(Cookie(name: secure ? secureName : plainName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
    }

    public static func clear(_ response: inout Response, request: Request, configured: Bool) {
        let secure = SessionCookie.isSecure(request, configured: configured)
        response.setCookie(Cookie(name: secure ? secureName : plainName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
    }
}

/// HEAD is GET without the body (RFC 9110 §9.3.2), for every route that answers GET: the request is routed
/// as a GET (the router matches on the method, so this wraps the whole router) and the body dropped.
public struct HeadAsGet<Inner: HTTPResponderBuilder>: HTTPResponderBuilder {
    let inner: Inner
    public init(_ inner: Inner) { self.inner = inner }
    public func buildResponder() -> HeadResponder<Inner.Responder> { HeadResponder(inner: inner.buildResponder()) }
}

public struct HeadResponder<Inner: HTTPResponder>: HTTPResponder {
    public typealias Context = Inner.Context
    let inner: Inner

    public func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        response.body = .init()
        return response
    }
}
