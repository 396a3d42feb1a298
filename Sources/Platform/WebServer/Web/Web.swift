import WebKit
import Foundation
import HTTPTypes
import Hummingbird
import LegalCore
import Logging
import NIOCore
import Storage
import WorkCalendar

/// The web workspace: server-rendered pages (swift-mustache templates in `Resources/templates`), one small
/// stylesheet, no build step, no script needed. Kazakh by default; the Russian switch is remembered per
/// user. Pages call the same use cases the JSON routes use, so a form can do nothing the API would refuse.
///
/// Layout of this folder: `Web.swift` (the platform's pages: sign-in, language, static files), `CalendarPage.swift`
/// (the calendar of a year), `I18n.swift` (this module's files). The page machinery (layout, guard, forms,
/// translations) is WebKit's `PageKit`; each feature brings its own pages.
struct Web: Sendable {
    let store: Store
    let calendar: KazakhCalendar
    let limiter: LoginLimiter
    let passwords: PasswordCheck
    let kit: PageKit
    /// See `RasimServer.Configuration.secureCookies`.
    var secureCookies = false
    /// The demo logins still open with the published password (a banner on every page while any is).
    var demoAccounts = DemoAccounts()
    /// The API tokens' cache (a disabled account's tokens are forgotten at once).
    var tokens: TokenCache?
    let stylesheet: ByteBuffer
    let script: ByteBuffer

    var i18n: I18n { kit.i18n }

    static func make(store: Store, calendar: KazakhCalendar, limiter: LoginLimiter, passwords: PasswordCheck, kit: PageKit) throws -> Web {
        Web(store: store, calendar: calendar, limiter: limiter, passwords: passwords, kit: kit,
            stylesheet: ByteBuffer(bytes: try webResources.data("static/style.css")), script: ByteBuffer(bytes: try webResources.data("static/app.js")))
    }

    /// The link this module's pages add to the navigation, after the features'.
    static let navigation: [NavItem] = [NavItem(href: "/notifications", label: "nav_notifications"), NavItem(href: "/calendar", label: "nav_calendar"),
                                        NavItem(href: "/admin/users", label: "nav_admin", route: .listUsers)]

    func register(_ router: Router<AppContext>) {
        router.get("static/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600", .contentSecurityPolicy: "default-src 'none'"], body: .init(byteBuffer: stylesheet))
        }
        router.get("static/app.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600", .contentSecurityPolicy: "default-src 'none'"], body: .init(byteBuffer: script))
        }
        router.get("/") { [kit] _, ctx in ctx.identity == nil ? PageKit.redirect("/signin") : PageKit.redirect(kit.permissions.roles.home(ctx.identity?.role)) }
        router.get("signin") { req, ctx in await kit.guarded(req, ctx, signedIn: false) { v in try await self.signinPage(req, v, error: nil) } }
        router.post("signin") { req, ctx in await kit.guarded(req, ctx, signedIn: false) { v in try await self.signin(req, ctx, v) } }
        router.post("signout") { req, ctx in await kit.guarded(req, ctx) { v in try await self.signout(req, v) } }
        router.post("language") { req, ctx in await kit.guarded(req, ctx, signedIn: false) { v in try await self.language(req, v) } }

        router.get("calendar") { req, ctx in await kit.guarded(req, ctx) { v in try await self.calendarPage(req, v) } }
        router.get("notifications") { req, ctx in await kit.guarded(req, ctx) { v in try await self.notificationsPage(v) } }
        registerAccount(router)
        registerAdmin(router)
    }

    // MARK: reminders

    /// What expires today and the next working day, and what is overdue — every act's, each a link to where it is
    /// done. The daily e-mail (`rasim notify`) says the same.
    func notificationsPage(_ v: Viewer) async throws -> Response {
        guard let r = await kit.reminders(v) else { throw APIError(.serviceUnavailable, "reminders_unavailable", i18n.t("dashboard_duties_failed", v.lang)) }
        kit.badges.forget(v.id.user.id)
        var c = kit.base(v, title: i18n.t("notifications_title", v.lang))
        let today = kit.date(r.today, v.lang)
        c["today"] = today
        c["today_ends_sentence"] = today.hasSuffix(".") ? true : nil   // "8 декабря 2026 г." has its full stop
        c["groups"] = Reminders.State.allCases.map { state -> [String: Any] in
            let items = r.items.filter { $0.state == state }
            return ["state": state.rawValue, "title": i18n.t("notifications_\(state.rawValue)", v.lang), "count": items.count, "empty": items.isEmpty,
                    "items": items.map { i in
                        ["due": kit.date(i.duty.due, v.lang), "what": i.duty.what, "organization": i.duty.organization, "href": i.duty.href, "section": i.section]
                    }]
        }
        c["failed"] = r.failed
        c["nothing"] = r.items.isEmpty
        return kit.render("notifications", c)
    }

    // MARK: sign-in, sign-out, language

    /// The sign-in form's CSRF token: the signed-out visitor gets a random one in a cookie (`SigninCookie`) and
    /// the same in the form; `POST /signin` must bring both, equal. Another site can make a browser post the
    /// form but can neither read nor set the cookie, so it cannot sign a victim in under the attacker's name.
    func signinPage(_ req: Request, _ v: Viewer, error: String?, status: HTTPResponse.Status = .ok, username: String = "",
                    next: String? = nil) async throws -> Response {
        if let identity = v.identity { return PageKit.redirect(kit.permissions.roles.home(identity.role)) }
        var c = kit.base(v, title: i18n.t("signin_title", v.lang))
        c.put("error", error)
        c.put("changed", req.uri.queryParameters["changed"] == "1" && error == nil ? i18n.t("signin_password_changed", v.lang) : nil)
        c["username"] = username.count <= SignIn.maxUsernameLength ? username : ""
        c["next"] = PageKit.localPath(next ?? req.uri.queryParameters["next"].map(String.init)) ?? ""
        let existing = SigninCookie.value(req)
        let token = existing ?? Secrets.randomToken()
        c["csrf"] = token
        let demo = demoAccounts.logins
        if !demo.isEmpty { c["demo_logins"] = demo.map(\.username).joined(separator: ", ") }
        var r = kit.render("signin", c, status: status)
        if existing == nil { SigninCookie.set(&r, token, request: req, configured: secureCookies) }
        return r
    }

    func signin(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        guard let body = try await SignIn.body(req) else {
            throw APIError(.contentTooLarge, "body_too_large", i18n.t("error_too_large", v.lang))
        }
        let f = WebForm.decode(String(buffer: body))
        let username = f["username"] ?? "", password = f["password"] ?? ""
        guard let cookie = SigninCookie.value(req), let given = f["csrf"], Secrets.constantTimeEqual(given, cookie) else {
            return try await signinPage(req, v, error: i18n.t("error_csrf", v.lang), status: .forbidden, username: username, next: f["next"])
        }
        let user: Store.User, sid: String
        switch try await SignIn.attempt(username: username, password: password, remote: ctx.remoteAddress?.ipAddress, via: "web",
                                        store: store, limiter: limiter, passwords: passwords, roles: kit.permissions.roles) {
        case .nameTooLong:
            return try await signinPage(req, v, error: i18n.t("signin_name_too_long", v.lang), status: .badRequest, next: f["next"])
        case .rateLimited:
            return try await signinPage(req, v, error: i18n.t("signin_rate_limited", v.lang), status: .tooManyRequests, username: username,
                                        next: f["next"])
        case .wrongCredentials:
            return try await signinPage(req, v, error: i18n.t("signin_wrong", v.lang), status: .unauthorized, username: username, next: f["next"])
        case .roleNotServed:
            return try await signinPage(req, v, error: i18n.t("signin_role_not_served", v.lang), status: .forbidden, username: username, next: f["next"])
        case .signedIn(let u, let s, _): (user, sid) = (u, s)
        }
        // A language chosen before signing in becomes the user's.
        if let chosen = req.cookies["rasim_lang"]?.value, I18n.language(chosen).rawValue == chosen, chosen != user.language {
            try await store.setLanguage(userID: user.id, language: chosen)
        }
        var r = PageKit.redirect(PageKit.localPath(f["next"]) ?? kit.permissions.roles.home(kit.permissions.roles.role(user.role)))
        SessionCookie.set(&r, id: sid, maxAge: Int(SignIn.lifetime), request: req, configured: secureCookies)
        SigninCookie.clear(&r, request: req, configured: secureCookies)
        return r
    }

    func signout(_ req: Request, _ v: Viewer) async throws -> Response {
        _ = try await kit.form(req, v)
        if let sid = SessionCookie.value(req) { try await store.deleteSession(idHash: Secrets.sha256(sid), actor: v.id.user.username) }
        var r = PageKit.redirect("/signin")
        SessionCookie.clear(&r, request: req, configured: secureCookies)
        return r
    }

    /// Switches the language: stored for a signed-in user (CSRF-checked), a cookie before signing in.
    func language(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v, checkCSRF: v.identity != nil)
        let lang = I18n.language(f["lang"])
        if let id = v.identity { try await store.setLanguage(userID: id.user.id, language: lang.rawValue) }
        var r = PageKit.redirect(PageKit.localPath(f["back"]) ?? "/dashboard")
        r.setCookie(Cookie(name: "rasim_lang", value: lang.rawValue, maxAge: 365 * 86_400, path: "/",
                           secure: SessionCookie.isSecure(req, configured: secureCookies), httpOnly: true, sameSite: .strict))
        return r
    }
}
