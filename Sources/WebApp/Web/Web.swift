import PublicServicesFeature
import WebKit
import Foundation
import HTTPTypes
import Hummingbird
import LegalCore
import Logging
import NIOCore
import PublicServices
import Storage
import WorkCalendar

/// The web workspace: server-rendered pages (swift-mustache templates in `Resources/templates`), one small
/// stylesheet, no build step, no script needed. Kazakh by default; the Russian switch is remembered per
/// user. Pages call the same use cases the JSON routes use, so a form can do nothing the API would refuse.
///
/// Layout of this folder: `Web.swift` (the platform's pages: sign-in, language, static files),
/// `WorkspacePages.swift` (dashboard, register, application page and its forms), `ReferencePages.swift`
/// (catalog, calendar, findings report and its CSV/XLSX), `I18n.swift` (this module's files). The page
/// machinery (layout, guard, forms, translations) is WebKit's `PageKit`; each feature brings its own pages.
struct Web: Sendable {
    let api: API
    let store: Store
    let calendar: KazakhCalendar
    let catalog: Catalog
    let limiter: LoginLimiter
    let passwords: PasswordCheck
    let kit: PageKit
    /// See `RasimServer.Configuration.secureCookies`.
    var secureCookies = false
    /// The demo logins still open with the published password (a banner on every page while any is).
    var demoAccounts = DemoAccounts()
    let stylesheet: ByteBuffer
    let script: ByteBuffer

    var i18n: I18n { kit.i18n }

    static func make(api: API, store: Store, calendar: KazakhCalendar, catalog: Catalog, limiter: LoginLimiter, passwords: PasswordCheck,
                     kit: PageKit) throws -> Web {
        Web(api: api, store: store, calendar: calendar, catalog: catalog, limiter: limiter, passwords: passwords, kit: kit,
            stylesheet: ByteBuffer(bytes: try webResources.data("static/style.css")), script: ByteBuffer(bytes: try webResources.data("static/app.js")))
    }

    /// The local zone pages show "today" in (every demo provider is in it; a provider's own zone is used
    /// for its applications' events).
    static let homeZone = ZoneTable.capital

    /// The links this module's pages add to the navigation (the features add theirs after them).
    static let navigation: [NavItem] = [
        NavItem(href: "/dashboard", label: "nav_dashboard"), NavItem(href: "/applications", label: "nav_register"),
        NavItem(href: "/applications/new", label: "nav_new", route: .createApplication), NavItem(href: "/services", label: "nav_services"),
        NavItem(href: "/calendar", label: "nav_calendar"), NavItem(href: "/reports", label: "nav_reports"),
    ]

    func register(_ router: Router<AppContext>) {
        router.get("static/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600", .contentSecurityPolicy: "default-src 'none'"], body: .init(byteBuffer: stylesheet))
        }
        router.get("static/app.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600", .contentSecurityPolicy: "default-src 'none'"], body: .init(byteBuffer: script))
        }
        router.get("/") { _, ctx in ctx.identity == nil ? PageKit.redirect("/signin") : PageKit.redirect("/dashboard") }
        router.get("signin") { req, ctx in await kit.guarded(req, ctx, signedIn: false) { v in try await self.signinPage(req, v, error: nil) } }
        router.post("signin") { req, ctx in await kit.guarded(req, ctx, signedIn: false) { v in try await self.signin(req, ctx, v) } }
        router.post("signout") { req, ctx in await kit.guarded(req, ctx) { v in try await self.signout(req, v) } }
        router.post("language") { req, ctx in await kit.guarded(req, ctx, signedIn: false) { v in try await self.language(req, v) } }

        router.get("dashboard") { req, ctx in await kit.guarded(req, ctx) { v in try await self.dashboard(v) } }
        router.get("applications") { req, ctx in await kit.guarded(req, ctx) { v in try await self.registerPage(req, v) } }
        router.get("applications/new") { req, ctx in await kit.guarded(req, ctx, route: .createApplication) { v in try await self.newApplicationPage(v, form: [:], error: nil) } }
        router.post("applications/new") { req, ctx in await kit.guarded(req, ctx, route: .createApplication) { v in try await self.createApplication(req, ctx, v) } }
        router.get("applications/{id}") { req, ctx in await kit.guarded(req, ctx) { v in try await self.applicationPage(try await self.located(req, ctx, v), v, form: [:], notice: nil) } }
        router.post("applications/{id}/events") { req, ctx in await kit.guarded(req, ctx, route: .appendEvents) { v in try await self.recordEvent(req, ctx, v) } }
        router.get("services") { req, ctx in await kit.guarded(req, ctx) { v in try await self.servicesPage(v) } }
        router.get("calendar") { req, ctx in await kit.guarded(req, ctx) { v in try await self.calendarPage(req, v) } }
        router.get("reports") { req, ctx in await kit.guarded(req, ctx) { v in try await self.reportPage(req, v) } }
        router.get("reports/findings.csv") { req, ctx in await kit.guarded(req, ctx) { v in try await self.findingsCSV(req, v) } }
        router.get("reports/findings.xlsx") { req, ctx in await kit.guarded(req, ctx) { v in try await self.findingsXLSX(req, v) } }
    }

    /// An application's page (`suffix` "/events": its form's target). Ids are unique per provider, so the
    /// link names the provider too.
    static func applicationHref(id: String, provider: String?, suffix: String = "") -> String {
        let segment = CharacterSet.urlPathAllowed.subtracting(["/", "?", "#", "&", "+"])
        let query = CharacterSet.urlQueryAllowed.subtracting(["&", "=", "+", "#"])
        return "/applications/" + (id.addingPercentEncoding(withAllowedCharacters: segment) ?? id) + suffix
            + (provider.map { "?provider=" + ($0.addingPercentEncoding(withAllowedCharacters: query) ?? $0) } ?? "")
    }

    // MARK: sign-in, sign-out, language

    /// The sign-in form's CSRF token: the signed-out visitor gets a random one in a cookie (`SigninCookie`) and
    /// the same in the form; `POST /signin` must bring both, equal. Another site can make a browser post the
    /// form but can neither read nor set the cookie, so it cannot sign a victim in under the attacker's name.
    func signinPage(_ req: Request, _ v: Viewer, error: String?, status: HTTPResponse.Status = .ok, username: String = "",
                    next: String? = nil) async throws -> Response {
        if v.identity != nil { return PageKit.redirect("/dashboard") }
        var c = kit.base(v, title: i18n.t("signin_title", v.lang))
        c.put("error", error)
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
                                        store: store, limiter: limiter, passwords: passwords) {
        case .nameTooLong:
            return try await signinPage(req, v, error: i18n.t("signin_name_too_long", v.lang), status: .badRequest, next: f["next"])
        case .rateLimited:
            return try await signinPage(req, v, error: i18n.t("signin_rate_limited", v.lang), status: .tooManyRequests, username: username,
                                        next: f["next"])
        case .wrongCredentials:
            return try await signinPage(req, v, error: i18n.t("signin_wrong", v.lang), status: .unauthorized, username: username, next: f["next"])
        case .signedIn(let u, let s, _): (user, sid) = (u, s)
        }
        // A language chosen before signing in becomes the user's.
        if let chosen = req.cookies["rasim_lang"]?.value, I18n.language(chosen).rawValue == chosen, chosen != user.language {
            try await store.setLanguage(userID: user.id, language: chosen)
        }
        var r = PageKit.redirect(PageKit.localPath(f["next"]) ?? "/dashboard")
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

    // MARK: shared view pieces

    var homeZone: ZoneTable.Resolved { get throws { try calendar.zones.resolve(Web.homeZone) } }

    /// Today in the home zone, as of the server's clock.
    func today() throws -> (asOf: Instant, day: LocalDate) {
        let now = Clock.nowEpoch()
        let zone = try homeZone
        // Past the calendar's last day the zone table ends too: today is still today (UTC+5), and every term
        // of every application waits for the calendar (each shown as such).
        let day = (try? calendar.localDay(seconds: now, zone: zone)) ?? Instant(secondsSinceEpoch: now).localDate(offsetSeconds: 5 * 3600)
        return (Instant(secondsSinceEpoch: now), day)
    }

    /// Organization id → its name, for display.
    func organizationNames() async throws -> [String: String] {
        Dictionary(try await store.organizations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// A calendar entry's legal source as a language-neutral reference: its id in calendar.json, the adilet.zan.kz
    /// document it names (linked, in the page's language) and the full description as a tooltip.
    func sourceView(_ key: String, _ lang: Language) -> [String: Any] {
        let detail = calendar.sources[key] ?? key
        var v: [String: Any] = ["id": key, "detail": detail]
        if let m = detail.firstMatch(of: /adilet ([A-Z0-9_]+)/) {
            v["adilet"] = String(m.1)
            v["url"] = "https://adilet.zan.kz/\(lang == .ru ? "rus" : "kaz")/docs/\(m.1)"
        }
        return v
    }

    func serviceName(_ id: String, _ services: [String: ServicePassport], _ lang: Language) -> String {
        services[id].map { I18n.pick($0.name, lang) } ?? id
    }
}
