import WebKit
import Foundation
import LegalCore
import Hummingbird
import HummingbirdCore
import HTTPTypes
import JSONKit
import Logging
import Metrics
import NIOCore
import Prometheus
import Storage
import WorkCalendar

/// `rasim serve`: the JSON API (and, later, the web pages) on a database.
public struct RasimServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String = "127.0.0.1"
        public var port: Int = 8080
        public var bcryptCost: UInt8 = 10
        public var metricsToken: String? = nil
        /// Served over HTTPS (by this process or a proxy in front): the session cookie is `__Host-` and `Secure`.
        public var secureCookies: Bool = false
        /// A connection that sends nothing for this long — half a request's head or body, or nothing after an
        /// answer — is closed (`rasim serve --idle-timeout`): half-sent requests cannot pile up to the file limit.
        public var idleTimeout: Duration = .seconds(30)
        public init() {}
    }

    public let store: Store
    public let calendar: KazakhCalendar
    /// The features served beside the public-services routes (the executable's list).
    public let features: [any WebFeature]
    public let configuration: Configuration
    /// The role × route matrix: the public-services routes, the features', the platform's.
    public let permissions: Permissions
    /// Every documented route (`/openapi.json`), and the document.
    public let operations: [APIOperation]
    let document: String
    let limiter: LoginLimiter
    let passwords: PasswordCheck
    let tokens = TokenCache()
    let demoAccounts: DemoAccounts

    /// Passwords checked with bcrypt by sign-ins so far (an unknown name's dummy check included).
    public var passwordChecks: Int { passwords.checks }

    /// Refuses features that declare a route, an operation or a schema twice (a translation or a template given twice
    /// is refused when the pages are made).
    public init(store: Store, calendar: KazakhCalendar, features: [any WebFeature], configuration: Configuration = .init()) throws {
        self.store = store; self.calendar = calendar; self.features = features; self.configuration = configuration
        limiter = LoginLimiter(shared: store)
        permissions = try Self.permissions(features: features)
        demoAccounts = DemoAccounts(logins: Demo.logins(features: features))
        operations = OpenAPI.operations(features: features)
        // Two parts of the server must not claim one operation, path and method, or schema name: the document would lie.
        for (what, names) in [("operation id", operations.map(\.id)), ("route", operations.map { $0.method + " " + $0.path }),
                              ("schema", (OpenAPI.schemas + features.flatMap(\.schemas)).map(\.0))] {
            if let twice = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
                throw APIError(.internalServerError, "invalid_feature", "the \(what) \(twice) is declared twice", path: "$")
            }
        }
        document = OpenAPI.document(features: features, permissions: permissions)
        self.passwords = PasswordCheck(cost: configuration.bcryptCost)
        Telemetry.bootstrap()
    }

    /// The routes: the JSON API and the service endpoints (documented in /openapi.json) and, unless `pages` is
    /// false, the web workspace's HTML pages.
    public func router(pages: Bool = true) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.middlewares.add(SecurityHeadersMiddleware())
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(LogRequestsMiddleware(.info))
        router.middlewares.add(ErrorMiddleware())
        router.middlewares.add(IdentityMiddleware(store: store, tokens: tokens, roles: permissions.roles))
        router.get("health") { _, _ in await self.health() }
        router.get("openapi.json") { _, _ in JSONResponse.make(.ok, body: document) }
        router.get("metrics") { req, _ in
            if let token = configuration.metricsToken, req.headers[.authorization] != "Bearer \(token)" {
                throw APIError.unauthorized("metrics need the configured token")
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(string: Telemetry.registry.emitToString())))
        }
        router.post("login") { req, ctx in try await self.login(req, ctx) }
        router.post("logout") { req, ctx in try await self.logout(req, ctx) }
        AdminAPI(store: store, permissions: permissions, tokens: tokens, demoAccounts: demoAccounts,
                 bcryptCost: configuration.bcryptCost).register(router)
        // The web workspace (Sources/Platform/WebServer/Web and the features' pages); without its templates the API still serves.
        var kit: PageKit?, web: Web?
        if pages {
            do {
                let k = try pageKit()
                var w = try Web.make(store: store, calendar: calendar, limiter: limiter, passwords: passwords, kit: k)
                w.secureCookies = configuration.secureCookies
                w.demoAccounts = demoAccounts
                w.tokens = tokens
                (kit, web) = (k, w)
            } catch {
                let message = "the web workspace cannot start: \(error)"
                router.get("/") { _, _ -> Response in throw APIError(.serviceUnavailable, "web_unavailable", message) }
            }
        }
        let platform = WebPlatform(store: store, calendar: calendar, permissions: permissions, pages: kit)
        for feature in features { feature.register(api: router.group("api/v1"), root: router, platform: platform) }
        refuseOtherMethods(router)
        web?.register(router)
        return router
    }

    struct DuplicateTemplate: Error, CustomStringConvertible {
        let name: String
        var description: String { "the template \(name) is given twice" }
    }

    /// The workspace's translation tables: this module's with the features' added (a key given twice is refused).
    public static func translations(features: [any WebFeature]) throws -> I18n {
        try features.reduce(I18n(tables: try webResources.translations())) { try $0.adding($1.translations) }
    }

    /// The pages' kit: this module's layout, templates and translations with the features' added, the
    /// navigation in order, and the header's demo banner and the administrator's calendar warning.
    func pageKit() throws -> PageKit {
        let i18n = try Self.translations(features: features)
        var templates = try webResources.templates()
        for feature in features {
            for (name, text) in feature.templates {
                guard templates.updateValue(text, forKey: name) == nil else { throw DuplicateTemplate(name: name) }
            }
        }
        let demoAccounts = demoAccounts, calendar = calendar, store = store, features = features
        return try PageKit(i18n: i18n, permissions: permissions, navigation: features.flatMap(\.navigation) + Web.navigation, templates: templates,
                           decorate: { v, c in
                               if !demoAccounts.logins.isEmpty { c["demo_banner"] = true }
                               // From 1 October, until next year's holidays are in the calendar, administrators see why terms wait.
                               if v.identity?.role == .admin, let w = calendar.coverageWarning(at: Instant(secondsSinceEpoch: Clock.nowEpoch())) {
                                   c["calendar_warning"] = I18n.pick(w.message, v.lang)
                               }
                           },
                           beforePage: { await demoAccounts.refresh(store: store) },
                           dashboardSections: { v, ctx in
                               var out: [Result<DashboardSection?, any Error>] = []
                               for feature in features {
                                   do { out.append(.success(try await feature.dashboard(v, ctx))) } catch { out.append(.failure(error)) }
                               }
                               return out
                           },
                           reminders: { [permissions] v in
                               try? await Self.reminders(v, features: features, store: store, calendar: calendar, i18n: i18n, permissions: permissions)
                           },
                           refreshJudgements: { [permissions] in
                               guard let today = try? Today.of(calendar).day else { return }
                               let ctx = DashboardContext(store: store, calendar: calendar, i18n: i18n, today: today, permissions: permissions)
                               for feature in features { try? await feature.keepJudgementsCurrent(ctx) }
                           })
    }

    /// Every feature's reminders for a viewer as of today in the capital (`Reminders`).
    static func reminders(_ v: Viewer, features: [any WebFeature], store: Store, calendar: KazakhCalendar, i18n: I18n,
                          permissions: Permissions) async throws -> Reminders {
        let (_, today) = try Today.of(calendar)
        let ctx = DashboardContext(store: store, calendar: calendar, i18n: i18n, today: today, permissions: permissions)
        var sections: [Result<DashboardSection?, any Error>] = []
        for feature in features {
            do { sections.append(.success(try await feature.reminders(v, ctx))) } catch { sections.append(.failure(error)) }
        }
        return Reminders(today: today, nextWorkingDay: try? calendar.addWorkingDays(today, 1), sections: sections,
                         failedTitle: i18n.t("dashboard_duties_failed", v.lang))
    }

    /// A user's reminders, as the notifications page shows them to them (the e-mail digest), in their language.
    public func reminders(for user: Store.User) async throws -> (lang: Language, reminders: Reminders)? {
        guard let role = permissions.roles.role(user.role) else { return nil }
        let identity = Identity(user: user, role: role, seesAllOrganizations: permissions.roles.seesAllOrganizations(role))
        let v = Viewer(identity: identity, lang: I18n.language(user.language), path: "/notifications", permissions: permissions)
        let i18n = try Self.translations(features: features)
        return (v.lang, try await Self.reminders(v, features: features, store: store, calendar: calendar, i18n: i18n, permissions: permissions))
    }

    /// What a feature's use cases get outside a request, as of today in the capital.
    func dashboardContext() throws -> DashboardContext {
        DashboardContext(store: store, calendar: calendar, i18n: try Self.translations(features: features), today: try Today.of(calendar).day,
                         permissions: permissions)
    }

    /// Keeps every feature's judgements current in the background (`WebFeature.keepJudgementsCurrent`): at once — after
    /// an upgrade, a full pass before the first reader needs it — then every `seconds`, so that what time alone
    /// changes (a term falling due at midnight) is judged before anyone reads it. Until cancelled; a failure is
    /// logged and tried again next time.
    /// The planner's statistics are brought up to date after the first pass and then hourly (`Database.optimize`).
    public func keepJudgements(every seconds: Double, logger: Logger) async {
        var optimized: Int64 = 0
        while !Task.isCancelled {
            do {
                let ctx = try dashboardContext()
                for feature in features { try await feature.keepJudgementsCurrent(ctx) }
                if Clock.nowEpoch() - optimized >= 3600 {
                    try await store.database.optimize()
                    optimized = Clock.nowEpoch()
                }
            } catch where !Task.isCancelled {
                logger.warning("keeping judgements current failed; trying again later", metadata: ["error": "\(error)"])
            } catch {
                return
            }
            try? await Task.sleep(for: .seconds(seconds))
        }
    }

    /// Every feature's kept judgements judged again where they no longer hold (`rasim findings rebuild`), one
    /// feature after another; `progress(module, done, total)` after each page. A feature that keeps none is left out.
    public func rebuildJudgements(batch: Int, progress: @escaping @Sendable (String, Int, Int) -> Void) async throws -> [JudgementRebuild] {
        let ctx = try dashboardContext()
        var out: [JudgementRebuild] = []
        for feature in features {
            if let r = try await feature.rebuildJudgements(ctx, batch: batch, progress: progress) { out.append(r) }
        }
        return out
    }

    /// The application; `onListening` is called with the port actually bound once the server accepts
    /// connections (with `--port 0` the system picks a free port, which only this tells).
    public func application(logger: Logger = Logger(label: "rasim"),
                            onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        // No `Server` header: it tells an attacker what runs here and helps nobody else.
        // The idle timeout also bounds a request's head: no part of it reaches the connection's state until it is whole.
        let http = HTTP1Channel.Configuration(idleTimeout: TimeAmount(configuration.idleTimeout))
        return Application(router: HeadAsGet(router()), server: .http1(configuration: http),
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
                           onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
                           logger: logger)
    }

    /// A method a documented path does not answer is 405 with `Allow` listing those it does (RFC 9110 §15.5.6),
    /// not a 404 that says the path does not exist.
    func refuseOtherMethods(_ router: Router<AppContext>) {
        for (method, path, allow) in refusedMethods {
            router.on(RouterPath(path), method: method) { _, _ -> Response in
                throw APIError(.methodNotAllowed, "method_not_allowed", "\(path) answers \(allow)", headers: [.allow: allow])
            }
        }
    }

    /// (method, path, Allow) of every 405 route.
    public var refusedMethods: [(HTTPRequest.Method, String, String)] { APIDocument.refusedMethods(operations) }

    /// Liveness, and whether the database can record: `{"status": "ok"}`, or `"degraded"` with the reason
    /// (`storage_read_only`, `storage_full`, `database_unavailable`) while the server answers but cannot write.
    /// `{"status": "ok" | "degraded", "database": "ok" | why not, "message"?, "calendar": {"coversUpTo", "warning"}}`:
    /// a database that cannot take writes makes the server degraded (reads go on); the calendar's warning comes
    /// from 1 October while next year is not in it (the server also logs it at start), so monitoring sees it
    /// before any term has to wait.
    func health() async -> Response {
        let failure = await store.database.writeProbe()
        let warning = calendar.coverageWarning(at: Instant(secondsSinceEpoch: Clock.nowEpoch()))
        var pairs: [(String, String)] = [("status", JSONText.string(failure == nil ? "ok" : "degraded")),
                                         ("database", JSONText.string(failure?.kind.rawValue ?? "ok"))]
        if let failure { pairs.append(("message", JSONText.string(failure.message))) }
        pairs.append(("calendar", JSONText.object([("coversUpTo", JSONText.string(calendar.lastDay.description)),
                                                   ("warning", warning.map { JSONText.string($0.message.en) } ?? "null")])))
        return JSONResponse.make(.ok, body: JSONText.object(pairs))
    }

    // MARK: sessions

    func login(_ req: Request, _ ctx: AppContext) async throws -> Response {
        guard let buffer = try await SignIn.body(req) else {
            throw APIError(.contentTooLarge, "body_too_large", "a sign-in is at most \(SignIn.maxBodyBytes) bytes")
        }
        var username = "", password = ""
        if req.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            // A form can be posted here by any other site (a JSON body cannot, without the browser asking first):
            // a form sign-in from another origin would sign the visitor in as someone else. Refused.
            if let origin = req.headers[HTTPField.Name("Origin")!], !Self.sameOrigin(origin, host: req.head.authority) {
                throw APIError.forbidden("a form sign-in from another site (Origin \(origin)) is refused; use the sign-in page or a JSON body")
            }
            let form = WebForm.decode(String(buffer: buffer))
            username = form["username"] ?? ""; password = form["password"] ?? ""
        } else {
            let v = try buffer.withUnsafeReadableBytes { raw in
                try Requests.input { () throws(InputError) in var p = JSONParser(raw); return try p.parseValue("$") }
            }
            let f = try Requests.input { () throws(InputError) in try Fields(v, path: "$") }
            username = try Requests.input { () throws(InputError) in try f.string("username") }
            password = try Requests.input { () throws(InputError) in try f.string("password") }
        }
        let user: Store.User, sid: String, csrf: String
        switch try await SignIn.attempt(username: username, password: password, remote: ctx.remoteAddress?.ipAddress, via: "api",
                                        store: store, limiter: limiter, passwords: passwords, roles: permissions.roles) {
        case .nameTooLong:
            throw APIError.invalid("a user name has at most \(SignIn.maxUsernameLength) characters", path: "$.username")
        case .rateLimited(let wait):
            throw APIError(.tooManyRequests, "rate_limited", "too many failed sign-ins; try again in \(wait) s", path: "$.username",
                           headers: [.retryAfter: String(wait)])
        case .wrongCredentials: throw APIError(.unauthorized, "unauthorized", "wrong user name or password", path: "$")
        case .roleNotServed(let role): throw APIError.forbidden("the account's role \(role) is not served by this server")
        case .signedIn(let u, let s, let c): (user, sid, csrf) = (u, s, c)
        }
        var response = JSONResponse.make(.ok, body: "{\"username\": \(JSONText.string(user.username)), \"role\": \(JSONText.string(user.role)), \"csrf\": \(JSONText.string(csrf))}")
        SessionCookie.set(&response, id: sid, maxAge: Int(SignIn.lifetime), request: req, configured: configuration.secureCookies)
        return response
    }

    /// Whether an `Origin` header names this server (scheme://host[:port] with the request's host and port).
    static func sameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let schemeEnd = origin.range(of: "://") else { return false }
        return origin[schemeEnd.upperBound...].lowercased() == host.lowercased()
    }

    func logout(_ req: Request, _ ctx: AppContext) async throws -> Response {
        guard let sid = SessionCookie.value(req), let id = ctx.identity else { throw APIError.unauthorized() }
        // The session cookie alone does not end a session: the CSRF token must come with it.
        if req.headers[HTTPField.Name("X-CSRF-Token")!] != id.csrf {
            let form = String(buffer: try await req.body.collect(upTo: 4096))
            guard form.split(separator: "&").contains(where: { $0 == "csrf=\(id.csrf ?? "")" }) else {
                throw APIError.forbidden("missing or wrong CSRF token")
            }
        }
        try await store.deleteSession(idHash: Secrets.sha256(sid), actor: id.user.username)
        var response = JSONResponse.make(.ok, body: "{\"status\": \"signed out\"}")
        SessionCookie.clear(&response, request: req, configured: configuration.secureCookies)
        return response
    }
}

/// Metrics: Prometheus registry behind swift-metrics (bootstrapped once per process).
public enum Telemetry {
    public static let registry = PrometheusCollectorRegistry()
    private static let once: Void = { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }()
    public static func bootstrap() { _ = once }
}
