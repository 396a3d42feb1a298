import WebKit
import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// The signed-in user's own account: who they are, their own password (the current one first), and the address
/// their daily reminders go to. Every refusal is beside its field, in the user's language.
extension Web {
    func registerAccount(_ router: Router<AppContext>) {
        router.get("account") { req, ctx in
            await kit.guarded(req, ctx) { v in
                let done = req.uri.queryParameters["saved"] == "email" ? i18n.t("account_email_saved", v.lang) : nil
                return try await self.accountPage(v, form: [:], done: done)
            }
        }
        router.post("account/password") { req, ctx in await kit.guarded(req, ctx) { v in try await self.changePassword(req, v) } }
        router.post("account/email") { req, ctx in await kit.guarded(req, ctx) { v in try await self.changeEmail(req, v) } }
    }

    func accountPage(_ v: Viewer, form: [String: String], errors: [String: String] = [:], done: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        var c = kit.base(v, title: i18n.t("account_title", v.lang))
        c["account"] = ["username": v.id.user.username, "role": i18n.t("role_\(v.id.role.rawValue)", v.lang),
                        "organizations": v.id.user.organizations.isEmpty ? i18n.t("account_all_organizations", v.lang)
                            : try await organizationNames(v.id.user.organizations).joined(separator: "; ")]
        let stored = try await store.emails()[v.id.user.id]
        c["email"] = form["email"] ?? stored ?? ""
        for (field, message) in errors { c["err_" + field] = message }
        if !errors.isEmpty {
            c["has_problems"] = true
            c["problems"] = errors.sorted { $0.key < $1.key }.map { ["message": $0.value, "field_id": "a-" + $0.key] }
        }
        c.put("done", done)
        return kit.render("account", c, status: status)
    }

    func organizationNames(_ ids: [String]) async throws -> [String] {
        let names = Dictionary(try await store.organizations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return ids.map { names[$0] ?? $0 }
    }

    /// The current password, then the new one twice: a new password ends every session of the account (this one
    /// too), so the user signs in again with it.
    func changePassword(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        func again(_ field: String, _ key: String) async throws -> Response {
            try await accountPage(v, form: [:], errors: [field: i18n.t(key, v.lang)], status: .unprocessableContent)
        }
        guard let user = try await store.user(id: v.id.user.id), passwords.verify(f["current"] ?? "", hash: user.passwordHash) else {
            try await store.recordRefusal(actor: v.id.user.username, action: "password", entity: "user:\(v.id.user.username)", reason: "wrong current password")
            return try await again("current", "account_error_current")
        }
        let new = f["new"] ?? ""
        do { try Admin.checkPassword(new) } catch { return try await again("new", new.unicodeScalars.count < 8 ? "account_error_short" : "account_error_password") }
        guard new == f["repeat"] else { return try await again("repeat", "account_error_repeat") }
        _ = try await store.setPassword(username: user.username, passwordHash: Secrets.hashPassword(new, cost: passwords.cost), actor: user.username)
        var r = PageKit.redirect("/signin?changed=1")
        SessionCookie.clear(&r, request: req, configured: secureCookies)
        return r
    }

    func changeEmail(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let email = (f["email"] ?? "").trimmingCharacters(in: .whitespaces)
        if !email.isEmpty, MailAddress.problem(email) != nil {
            return try await accountPage(v, form: ["email": email], errors: ["email": i18n.t("account_error_email", v.lang)], status: .unprocessableContent)
        }
        try await store.setEmail(username: v.id.user.username, email: email.isEmpty ? nil : email, actor: v.id.user.username)
        return PageKit.redirect("/account?saved=email")
    }
}
