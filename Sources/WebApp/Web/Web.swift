import RiskFeature
import WebKit
import Foundation
import HTTPTypes
import Hummingbird
import LegalCore
import Logging
import Mustache
import NIOCore
import PublicServices
import RiskAssessment
import Storage
import WorkCalendar

/// The web workspace: server-rendered pages (swift-mustache templates in `Resources/templates`), one small
/// stylesheet, no build step, no script needed. Kazakh by default; the Russian switch is remembered per
/// user. Pages call the same API code the JSON routes use, so a form can do nothing the API would refuse.
///
/// Layout of this folder: `Web.swift` (routes, rendering, sessions, CSRF, forms), `WorkspacePages.swift`
/// (dashboard, register, application page and its forms), `ReferencePages.swift` (catalog, calendar, risk,
/// checklist, findings report and its CSV/XLSX), `I18n.swift` (the bundled tables; translations, charts and
/// the XLSX writer are WebKit's).
struct Web: Sendable {
    let api: API
    let store: Store
    let calendar: KazakhCalendar
    let criteria: RiskCriteria
    let catalog: Catalog
    let limiter: LoginLimiter
    let passwords: PasswordCheck
    /// See `RasimServer.Configuration.secureCookies`.
    var secureCookies = false
    /// The demo logins still open with the published password (a banner on every page while any is).
    var demoAccounts = DemoAccounts()
    let i18n: I18n
    let templates: MustacheLibrary
    let stylesheet: ByteBuffer
    let script: ByteBuffer
    /// The risk input the risk page starts from before anyone has run an assessment.
    let demoRiskInput: String

    static func make(api: API, store: Store, calendar: KazakhCalendar, criteria: RiskCriteria, catalog: Catalog, limiter: LoginLimiter,
                     passwords: PasswordCheck) throws -> Web {
        let templates = try Web.loadTemplates()
        return Web(api: api, store: store, calendar: calendar, criteria: criteria, catalog: catalog, limiter: limiter, passwords: passwords,
                   i18n: try I18n.bundled(), templates: templates,
                   stylesheet: ByteBuffer(bytes: try WebResources.data("static/style.css")),
                   script: ByteBuffer(bytes: try WebResources.data("static/app.js")),
                   demoRiskInput: String(decoding: try WebResources.data("demo-risk.json"), as: UTF8.self))
    }

    static func loadTemplates() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        let dir = try WebResources.url("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".mustache") {
            let text = String(decoding: try Data(contentsOf: dir.appendingPathComponent(name)), as: UTF8.self)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        return library
    }

    /// The local zone pages show "today" in (every demo provider is in it; a provider's own zone is used
    /// for its applications' events).
    static let homeZone = ZoneTable.capital

    func register(_ router: Router<AppContext>) {
        router.get("static/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600", .contentSecurityPolicy: "default-src 'none'"], body: .init(byteBuffer: stylesheet))
        }
        router.get("static/app.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600", .contentSecurityPolicy: "default-src 'none'"], body: .init(byteBuffer: script))
        }
        router.get("/") { _, ctx in ctx.identity == nil ? Web.redirect("/signin") : Web.redirect("/dashboard") }
        router.get("signin") { req, ctx in await self.guarded(req, ctx, signedIn: false) { v in try await self.signinPage(req, v, error: nil) } }
        router.post("signin") { req, ctx in await self.guarded(req, ctx, signedIn: false) { v in try await self.signin(req, ctx, v) } }
        router.post("signout") { req, ctx in await self.guarded(req, ctx) { v in try await self.signout(req, v) } }
        router.post("language") { req, ctx in await self.guarded(req, ctx, signedIn: false) { v in try await self.language(req, v) } }

        router.get("dashboard") { req, ctx in await self.guarded(req, ctx) { v in try await self.dashboard(v) } }
        router.get("applications") { req, ctx in await self.guarded(req, ctx) { v in try await self.registerPage(req, v) } }
        router.get("applications/new") { req, ctx in await self.guarded(req, ctx, route: .createApplication) { v in try await self.newApplicationPage(v, form: [:], error: nil) } }
        router.post("applications/new") { req, ctx in await self.guarded(req, ctx, route: .createApplication) { v in try await self.createApplication(req, ctx, v) } }
        router.get("applications/{id}") { req, ctx in await self.guarded(req, ctx) { v in try await self.applicationPage(try await self.located(req, ctx, v), v, form: [:], notice: nil) } }
        router.post("applications/{id}/events") { req, ctx in await self.guarded(req, ctx, route: .appendEvents) { v in try await self.recordEvent(req, ctx, v) } }
        router.get("services") { req, ctx in await self.guarded(req, ctx) { v in try await self.servicesPage(v) } }
        router.get("calendar") { req, ctx in await self.guarded(req, ctx) { v in try await self.calendarPage(req, v) } }
        router.get("risk") { req, ctx in await self.guarded(req, ctx, route: RiskAPI.assess) { v in try await self.riskPage(v, input: nil) } }
        router.post("risk") { req, ctx in await self.guarded(req, ctx, route: RiskAPI.assess) { v in try await self.runRisk(req, v) } }
        router.get("checklist") { req, ctx in await self.guarded(req, ctx, route: RiskAPI.scoreChecklist) { v in try await self.checklistPage(v, form: [:], result: false) } }
        router.post("checklist") { req, ctx in await self.guarded(req, ctx, route: RiskAPI.scoreChecklist) { v in try await self.scoreChecklist(req, v) } }
        router.get("reports") { req, ctx in await self.guarded(req, ctx) { v in try await self.reportPage(req, v) } }
        router.get("reports/findings.csv") { req, ctx in await self.guarded(req, ctx) { v in try await self.findingsCSV(req, v) } }
        router.get("reports/findings.xlsx") { req, ctx in await self.guarded(req, ctx) { v in try await self.findingsXLSX(req, v) } }
    }

    // MARK: the viewer

    /// Who looks at a page, in which language, with which CSRF token.
    struct Viewer: Sendable {
        var identity: Identity?
        var lang: Language
        var path: String
        var id: Identity { identity! }
        func may(_ route: RouteID) -> Bool { identity.map { Permissions.allows($0.role, route) } ?? false }
    }

    /// Runs a page handler: resolves the viewer, sends the signed-out to the sign-in page, checks the route's
    /// role, and turns every error into an HTML page in the viewer's language (never JSON, never a stack).
    func guarded(_ req: Request, _ ctx: AppContext, signedIn: Bool = true, route: RouteID? = nil,
                 _ body: (Viewer) async throws -> Response) async -> Response {
        let cookieLang = req.cookies["rasim_lang"]?.value
        let lang = I18n.language(ctx.identity?.user.language ?? cookieLang)
        let viewer = Viewer(identity: ctx.identity, lang: lang, path: req.uri.path)
        if signedIn, ctx.identity == nil {
            let next = req.method == .get ? req.uri.description : "/dashboard"
            return Web.redirect("/signin?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        if let route, let id = ctx.identity, !Permissions.allows(id.role, route) {
            return errorPage(viewer, status: .forbidden, message: i18n.t("error_forbidden_role", lang))
        }
        await demoAccounts.refresh(store: store)
        do {
            return try await body(viewer)
        } catch let e as APIError {
            if e.status == .unauthorized { return Web.redirect("/signin") }
            return errorPage(viewer, status: e.status, message: e.message, path: e.path, code: e.code)
        } catch let e as StorageError {
            switch e {
            case .notFound(let m): return errorPage(viewer, status: .notFound, message: m)
            case .conflict(let m): return errorPage(viewer, status: .conflict, message: m)
            case .rule(let m): return errorPage(viewer, status: .unprocessableContent, message: m)
            case .cannotOpen(let m), .corrupt(let m): return errorPage(viewer, status: .serviceUnavailable, message: m)
            }
        } catch let e where StorageFailure.classify(e) != nil {
            let f = StorageFailure.classify(e)!
            ctx.logger.error("storage failure", metadata: ["path": "\(req.uri.path)", "error": "\(String(reflecting: e))"])
            return errorPage(viewer, status: .serviceUnavailable, message: f.message, code: f.kind.rawValue)
        } catch let e as HTTPResponseError {
            // The framework's own refusals: a form over 1 MiB is 413, not a 500.
            let message = e.status == .contentTooLarge ? i18n.t("error_too_large", lang) : e.status.reasonPhrase
            return errorPage(viewer, status: e.status, message: message)
        } catch let e where ErrorMiddleware.isMalformedRequest(e) {
            return errorPage(viewer, status: .badRequest, message: "\(e)")
        } catch {
            ctx.logger.error("page failed", metadata: ["path": "\(req.uri.path)", "error": "\(String(reflecting: error))"])
            return errorPage(viewer, status: .internalServerError, message: i18n.t("error_internal", lang))
        }
    }

    func errorPage(_ v: Viewer, status: HTTPResponse.Status, message: String, path: String? = nil, code: String? = nil) -> Response {
        var c = base(v, title: i18n.t("error_title", v.lang))
        c["status"] = status.code
        c["message"] = message
        c.put("where", path.flatMap { $0 == "$" ? nil : $0 })
        c.put("code", code)
        return render("error", c, status: status)
    }

    // MARK: rendering

    /// What every page's header and footer need.
    func base(_ v: Viewer, title: String) -> [String: Any] {
        var c: [String: Any] = [
            "t": i18n.tables[v.lang] ?? [:], "lang": v.lang.rawValue, "title": title, "path": v.path,
            "other_lang": v.lang == .kk ? "ru" : "kk", "other_lang_label": i18n.t("switch_to_other_language", v.lang),
        ]
        if !demoAccounts.logins.isEmpty { c["demo_banner"] = true }
        if let id = v.identity {
            c["user"] = ["username": id.user.username, "role": i18n.t("role_\(id.role.rawValue)", v.lang)]
            c["csrf"] = id.csrf ?? ""
            c["nav"] = [
                "create": v.may(.createApplication), "risk": v.may(RiskAPI.assess), "checklist": v.may(RiskAPI.scoreChecklist),
            ]
            // From 1 October, until next year's holidays are in the calendar, administrators see why terms wait.
            if id.role == .admin, let w = calendar.coverageWarning(at: Instant(secondsSinceEpoch: Clock.nowEpoch())) {
                c["calendar_warning"] = I18n.pick(w.message, v.lang)
            }
        }
        return c
    }

    func render(_ name: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let html = templates.render(context, withTemplate: name) ?? "<!doctype html><title>template \(name) is missing</title>"
        return Response(status: status, headers: Web.htmlHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Pages are served with a strict content policy: no inline script, no third-party anything, no framing.
    /// (nosniff, no-store, the referrer policy and the rest come with every answer: `SecurityHeadersMiddleware`.)
    static let htmlHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    ]

    /// An application's page (`suffix` "/events": its form's target). Ids are unique per provider, so the
    /// link names the provider too.
    static func applicationHref(id: String, provider: String?, suffix: String = "") -> String {
        let segment = CharacterSet.urlPathAllowed.subtracting(["/", "?", "#", "&", "+"])
        let query = CharacterSet.urlQueryAllowed.subtracting(["&", "=", "+", "#"])
        return "/applications/" + (id.addingPercentEncoding(withAllowedCharacters: segment) ?? id) + suffix
            + (provider.map { "?provider=" + ($0.addingPercentEncoding(withAllowedCharacters: query) ?? $0) } ?? "")
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// `path` when it is a path on this site, else nil: one '/' then neither a second '/' nor a backslash
    /// (browsers read "/\host" as "//host", another site), no backslash or control character anywhere
    /// (browsers drop a tab or newline, turning "/<TAB>/host" into "//host") — checked on the text and on its
    /// percent-decoding, at most 2 000 characters. Used for every redirect a request names (`next`, `back`).
    static func localPath(_ path: String?) -> String? {
        guard let path, path.utf8.count <= 2000 else { return nil }
        func plain(_ s: String) -> Bool {
            let u = Array(s.unicodeScalars)
            guard u.first == "/", u.count < 2 || (u[1] != "/" && u[1] != "\\") else { return false }
            return !u.contains { $0 == "\\" || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
        }
        var text = path
        for _ in 0..<3 {
            guard plain(text) else { return nil }
            guard text.contains("%") else { return path }
            guard let decoded = text.removingPercentEncoding else { return nil }
            if decoded == text { return path }
            text = decoded
        }
        return nil
    }

    // MARK: forms

    /// An `application/x-www-form-urlencoded` body: every value of every field, in order.
    struct Form: Sendable {
        var fields: [String: [String]] = [:]
        subscript(_ key: String) -> String? { fields[key]?.first }
        func all(_ key: String) -> [String] { fields[key] ?? [] }
        /// A trimmed, non-empty value.
        func text(_ key: String) -> String? {
            guard let v = self[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return v
        }
        var plain: [String: String] { fields.compactMapValues(\.first) }

        static func decode(_ s: String) -> Form {
            var f = Form()
            for pair in s.split(separator: "&", omittingEmptySubsequences: true) {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func dec(_ x: Substring) -> String { String(x).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                let key = dec(kv[0]), value = kv.count > 1 ? dec(kv[1]) : ""
                f.fields[key, default: []].append(value)
            }
            return f
        }
    }

    /// Reads a form and checks its CSRF token against the session's (a form posted from another site
    /// cannot know it; SameSite=Strict cookies are the second wall).
    func form(_ req: Request, _ v: Viewer, checkCSRF: Bool = true) async throws -> Form {
        let buffer = try await req.body.collect(upTo: 1 << 20)
        let form = Form.decode(String(buffer: buffer))
        if checkCSRF {
            guard let expected = v.identity?.csrf, let given = form["csrf"], Secrets.constantTimeEqual(given, expected) else {
                throw APIError.forbidden(i18n.t("error_csrf", v.lang))
            }
        }
        return form
    }

    // MARK: sign-in, sign-out, language

    /// The sign-in form's CSRF token: the signed-out visitor gets a random one in a cookie (`SigninCookie`) and
    /// the same in the form; `POST /signin` must bring both, equal. Another site can make a browser post the
    /// form but can neither read nor set the cookie, so it cannot sign a victim in under the attacker's name.
    func signinPage(_ req: Request, _ v: Viewer, error: String?, status: HTTPResponse.Status = .ok, username: String = "",
                    next: String? = nil) async throws -> Response {
        if v.identity != nil { return Web.redirect("/dashboard") }
        var c = base(v, title: i18n.t("signin_title", v.lang))
        c.put("error", error)
        c["username"] = username.count <= SignIn.maxUsernameLength ? username : ""
        c["next"] = Web.localPath(next ?? req.uri.queryParameters["next"].map(String.init)) ?? ""
        let existing = SigninCookie.value(req)
        let token = existing ?? Secrets.randomToken()
        c["csrf"] = token
        let demo = demoAccounts.logins
        if !demo.isEmpty { c["demo_logins"] = demo.map(\.username).joined(separator: ", ") }
        var r = render("signin", c, status: status)
        if existing == nil { SigninCookie.set(&r, token, request: req, configured: secureCookies) }
        return r
    }

    func signin(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        guard let body = try await SignIn.body(req) else {
            throw APIError(.contentTooLarge, "body_too_large", i18n.t("error_too_large", v.lang))
        }
        let f = Form.decode(String(buffer: body))
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
        var r = Web.redirect(Web.localPath(f["next"]) ?? "/dashboard")
        SessionCookie.set(&r, id: sid, maxAge: Int(SignIn.lifetime), request: req, configured: secureCookies)
        SigninCookie.clear(&r, request: req, configured: secureCookies)
        return r
    }

    func signout(_ req: Request, _ v: Viewer) async throws -> Response {
        _ = try await form(req, v)
        if let sid = SessionCookie.value(req) { try await store.deleteSession(idHash: Secrets.sha256(sid), actor: v.id.user.username) }
        var r = Web.redirect("/signin")
        SessionCookie.clear(&r, request: req, configured: secureCookies)
        return r
    }

    /// Switches the language: stored for a signed-in user (CSRF-checked), a cookie before signing in.
    func language(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await form(req, v, checkCSRF: v.identity != nil)
        let lang = I18n.language(f["lang"])
        if let id = v.identity { try await store.setLanguage(userID: id.user.id, language: lang.rawValue) }
        var r = Web.redirect(Web.localPath(f["back"]) ?? "/dashboard")
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

    func date(_ d: LocalDate?, _ lang: Language) -> String { d.map { i18n.longDate($0, lang) } ?? "—" }

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

extension Dictionary where Key == String, Value == Any {
    /// Sets a value only when there is one: a template's `{{#key}}` section then means "present".
    mutating func put(_ key: String, _ value: Any?) { if let value { self[key] = value } }
}

extension Secrets {
    /// Compares two tokens in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
