import Foundation
import HTTPTypes
import Hummingbird
import LegalCore
import Mustache
import NIOCore
import Storage

/// Who looks at a page, in which language, on which path — and what their role may do.
public struct Viewer: Sendable {
    public var identity: Identity?
    public var lang: Language
    public var path: String
    let permissions: Permissions
    public init(identity: Identity?, lang: Language, path: String, permissions: Permissions) {
        self.identity = identity; self.lang = lang; self.path = path; self.permissions = permissions
    }
    /// The signed-in caller (pages that need one run behind `PageKit.guarded`, which signs the others in first).
    public var id: Identity { identity! }
    public func may(_ route: RouteID) -> Bool { identity.map { permissions.allows($0.role, route) } ?? false }
}

/// A link in the workspace's navigation, shown to those who may call `route` (to everyone signed in when nil).
public struct NavItem: Sendable {
    public let href: String
    /// The translation key of its label.
    public let label: String
    public let route: RouteID?
    public init(href: String, label: String, route: RouteID? = nil) { self.href = href; self.label = label; self.route = route }
}

/// The workspace's page machinery every feature renders with: templates (the platform's layout and each
/// feature's own), the translation tables, the navigation, the guard that signs visitors in and checks roles,
/// the error page in the viewer's language, and form reading with its CSRF check.
public struct PageKit: Sendable {
    public let i18n: I18n
    public let permissions: Permissions
    public let navigation: [NavItem]
    let templates: MustacheLibrary
    /// Extra header values for a viewer (the demo banner, the administrator's calendar warning).
    let decorate: @Sendable (Viewer, inout [String: Any]) -> Void
    /// Runs before every page (e.g. refreshing which demo logins are still open).
    let beforePage: @Sendable () async -> Void
    /// Every feature's part of the dashboard for a viewer (`WebFeature.dashboard`), in the executable's order.
    let dashboardSections: @Sendable (Viewer, DashboardContext) async -> [Result<DashboardSection?, any Error>]
    /// The viewer's reminders (`Reminders`): every feature's, as of today.
    public let reminders: @Sendable (Viewer) async -> Reminders?
    /// Every feature's kept findings brought up to date (`WebFeature.keepJudgementsCurrent`).
    public let refreshJudgements: @Sendable () async -> Void
    /// The menu's badge: how many reminders expire today or the next working day, per user.
    public let badges = ReminderBadges()

    public init(i18n: I18n, permissions: Permissions, navigation: [NavItem], templates: [String: String],
                decorate: @escaping @Sendable (Viewer, inout [String: Any]) -> Void = { _, _ in },
                beforePage: @escaping @Sendable () async -> Void = {},
                dashboardSections: @escaping @Sendable (Viewer, DashboardContext) async -> [Result<DashboardSection?, any Error>] = { _, _ in [] },
                reminders: @escaping @Sendable (Viewer) async -> Reminders? = { _ in nil },
                refreshJudgements: @escaping @Sendable () async -> Void = {}) throws {
        var library = MustacheLibrary()
        for (name, text) in templates.sorted(by: { $0.key < $1.key }) { try library.register(text, named: name) }
        self.i18n = i18n; self.permissions = permissions; self.navigation = navigation; self.templates = library
        self.decorate = decorate; self.beforePage = beforePage; self.dashboardSections = dashboardSections; self.reminders = reminders
        self.refreshJudgements = refreshJudgements
    }

    /// The viewer of a request: the signed-in user's language, else the language cookie's, else Kazakh.
    public func viewer(_ req: Request, _ ctx: AppContext) -> Viewer {
        let lang = I18n.language(ctx.identity?.user.language ?? req.cookies["rasim_lang"]?.value)
        return Viewer(identity: ctx.identity, lang: lang, path: req.uri.path, permissions: permissions)
    }

    /// Runs a page handler: resolves the viewer, sends the signed-out to the sign-in page, checks the route's
    /// role, and turns every error into an HTML page in the viewer's language (never JSON, never a stack).
    public func guarded(_ req: Request, _ ctx: AppContext, signedIn: Bool = true, route: RouteID? = nil,
                        _ body: (Viewer) async throws -> Response) async -> Response {
        let viewer = viewer(req, ctx)
        let lang = viewer.lang
        if signedIn, ctx.identity == nil {
            let next = req.method == .get ? req.uri.description : "/dashboard"
            return Self.redirect("/signin?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        if let route, let id = ctx.identity, !permissions.allows(id.role, route) {
            return errorPage(viewer, status: .forbidden, message: i18n.t("error_forbidden_role", lang))
        }
        await beforePage()
        if let id = ctx.identity, req.method == .get {
            let now = Clock.nowEpoch()
            if !badges.fresh(id.user.id, now: now), let r = await reminders(viewer) { badges.set(id.user.id, r.soon, now: now) }
        }
        do {
            return try await body(viewer)
        } catch let e as APIError {
            if e.status == .unauthorized { return Self.redirect("/signin") }
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

    public func errorPage(_ v: Viewer, status: HTTPResponse.Status, message: String, path: String? = nil, code: String? = nil) -> Response {
        var c = base(v, title: i18n.t("error_title", v.lang))
        c["status"] = status.code
        c["message"] = message
        c.put("where", path.flatMap { $0 == "$" ? nil : $0 })
        c.put("code", code)
        return render("error", c, status: status)
    }

    /// A page with nothing to show yet, and why (200: an empty register is no error).
    public func emptyPage(_ v: Viewer, title: String, message: String) -> Response {
        var c = base(v, title: title)
        c["message"] = message
        return render("empty", c)
    }

    /// What every page's header and footer need: the translations, the viewer, the navigation they may use.
    public func base(_ v: Viewer, title: String) -> [String: Any] {
        var c: [String: Any] = [
            "t": i18n.tables[v.lang] ?? [:], "lang": v.lang.rawValue, "title": title, "path": v.path,
            "other_lang": v.lang == .kk ? "ru" : "kk", "other_lang_label": i18n.t("switch_to_other_language", v.lang),
        ]
        if let id = v.identity {
            c["user"] = ["username": id.user.username, "role": i18n.t("role_\(id.role.rawValue)", v.lang)]
            c["csrf"] = id.csrf ?? ""
            let badge = badges.count(id.user.id)
            c["nav"] = navigation.filter { $0.route.map(v.may) ?? true }.map { item -> [String: Any] in
                var n: [String: Any] = ["href": item.href, "label": i18n.t(item.label, v.lang), "current": v.path == item.href || v.path.hasPrefix(item.href + "/")]
                // The reminders' count beside their page's link, said in words for a screen reader.
                if item.href == "/notifications", let badge, badge > 0 {
                    n["badge"] = badge
                    n["badge_label"] = i18n.t("notifications_badge", v.lang, ["n": String(badge)])
                }
                return n
            }
        }
        decorate(v, &c)
        return c
    }

    public func render(_ name: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let html = templates.render(context, withTemplate: name) ?? "<!doctype html><title>template \(name) is missing</title>"
        return Response(status: status, headers: Self.htmlHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Pages are served with a strict content policy: no inline script, no third-party anything, no framing.
    /// (nosniff, no-store, the referrer policy and the rest come with every answer: `SecurityHeadersMiddleware`.)
    public static let htmlHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    ]

    /// `id` as one segment of a link's path: a slash, `?`, `#`, `&` or `+` in it percent-encoded (ids may hold them).
    public static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? id
    }
    static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(["/", "?", "#", "&", "+"])

    public static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A file to save. Its name keeps only ASCII letters, digits, `.`, `_` and `-` (a name built from a filter or an id
    /// can never break the header or name another folder).
    public static func download(_ bytes: ByteBuffer, type: String, filename: String) -> Response {
        download(.init(byteBuffer: bytes), type: type, filename: filename)
    }

    /// A download whose body is written as it is made (an export streamed from the database).
    public static func download(_ body: ResponseBody, type: String, filename: String) -> Response {
        let safe = String(filename.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) ? Character($0) : "_" })
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(safe)\"", .cacheControl: "no-store"],
                        body: body)
    }

    /// Reads a form and checks its CSRF token against the session's (a form posted from another site
    /// cannot know it; SameSite=Strict cookies are the second wall).
    public func form(_ req: Request, _ v: Viewer, checkCSRF: Bool = true) async throws -> WebForm {
        let buffer = try await req.body.collect(upTo: 1 << 20)
        let form = WebForm.decode(String(buffer: buffer))
        if checkCSRF {
            guard let expected = v.identity?.csrf, let given = form["csrf"], Secrets.constantTimeEqual(given, expected) else {
                throw APIError.forbidden(i18n.t("error_csrf", v.lang))
            }
        }
        return form
    }

    /// A date in the viewer's long style, "—" when there is none.
    public func date(_ d: LocalDate?, _ lang: Language) -> String { d.map { i18n.longDate($0, lang) } ?? "—" }

    /// A share as a Kazakh or Russian reader writes it: rounded half-up to 2 decimals (`Rational.display`), a decimal
    /// comma and a no-break space before the sign — "42,86 %"; "—" when there is none.
    public func percent(_ r: Rational?, _ lang: Language) -> String { r == nil ? "—" : decimal(r, lang) + "\u{00A0}%" }

    /// The same figure without the sign, for a column whose heading carries it ("Доля, %"): "42,86".
    public func decimal(_ r: Rational?, _ lang: Language) -> String { r.map { $0.display.replacingOccurrences(of: ".", with: ",") } ?? "—" }

    /// A finding's message as a page shows it: its ISO dates in the page's local style (`I18n.localDates`).
    public func message(_ text: LocalizedText, _ lang: Language) -> String { i18n.localDates(in: I18n.pick(text, lang), lang) }

    /// `path` when it is a path on this site, else nil: one '/' then neither a second '/' nor a backslash
    /// (browsers read "/\host" as "//host", another site), no backslash or control character anywhere
    /// (browsers drop a tab or newline, turning "/<TAB>/host" into "//host") — checked on the text and on its
    /// percent-decoding, at most 2 000 characters. Used for every redirect a request names (`next`, `back`).
    public static func localPath(_ path: String?) -> String? {
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
}

/// An `application/x-www-form-urlencoded` body: every value of every field, in order.
public struct WebForm: Sendable {
    public var fields: [String: [String]] = [:]
    public init() {}
    public subscript(_ key: String) -> String? { fields[key]?.first }
    public func all(_ key: String) -> [String] { fields[key] ?? [] }
    /// A trimmed, non-empty value.
    public func text(_ key: String) -> String? {
        guard let v = self[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }
    public var plain: [String: String] { fields.compactMapValues(\.first) }

    public static func decode(_ s: String) -> WebForm {
        var f = WebForm()
        for pair in s.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func dec(_ x: Substring) -> String { String(x).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let key = dec(kv[0]), value = kv.count > 1 ? dec(kv[1]) : ""
            f.fields[key, default: []].append(value)
        }
        return f
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets a value only when there is one: a template's `{{#key}}` section then means "present".
    public mutating func put(_ key: String, _ value: Any?) { if let value { self[key] = value } }
}

extension Secrets {
    /// Compares two tokens in time independent of where they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
