import Foundation
import HTTPTypes
import Testing
import WebKit
import WebServer

/// Issue 20: the OWASP Secure Headers recommendations on every answer, 405 with `Allow` for a method a path
/// does not answer, HEAD wherever GET is, and a session cookie that is `__Host-` and `Secure` over HTTPS.
@Suite("Secure headers, methods and the session cookie")
struct SecureHeadersTests {
    static func header(_ r: APIReply, _ name: String) -> String? { r.headers[HTTPField.Name(name)!] }

    static func expectBaseline(_ r: APIReply, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(header(r, "X-Content-Type-Options") == "nosniff", "\(what)", sourceLocation: sourceLocation)
        #expect(header(r, "Cross-Origin-Opener-Policy") == "same-origin", "\(what)", sourceLocation: sourceLocation)
        #expect(header(r, "Cross-Origin-Resource-Policy") == "same-origin", "\(what)", sourceLocation: sourceLocation)
        #expect(header(r, "Permissions-Policy")?.contains("camera=()") == true, "\(what)", sourceLocation: sourceLocation)
        #expect(header(r, "Content-Security-Policy") != nil, "\(what)", sourceLocation: sourceLocation)
        #expect(header(r, "Server") == nil, "\(what)", sourceLocation: sourceLocation)
    }

    @Test("every kind of answer carries the baseline; authenticated answers are never cached")
    func everyAnswer() async throws {
        try await withAPI(demoApplications: 5) { _, c in
            let (cookie, _) = try await PagesTests.signIn(c, "admin")
            let answers: [(String, APIReply)] = [
                ("health", try await c.get("/health")),
                ("openapi", try await c.get("/openapi.json")),
                ("me by token", try await c.get("/api/v1/me", as: .admin)),
                ("findings", try await c.get("/api/v1/findings", as: .inspector)),
                ("services", try await c.get("/api/v1/services", as: .registrar)),
                ("401", try await c.get("/api/v1/findings")),
                ("404", try await c.get("/api/v1/applications/NO-SUCH", as: .admin)),
                ("login", try await c.post("/login", #"{"username": "registrar", "password": "\#(APIFixtures.password)"}"#)),
                ("page", try await c.call(.get, "/dashboard", headers: cookie)),
                ("csv download", try await c.call(.get, "/reports/findings.csv", headers: cookie)),
                ("stylesheet", try await c.get("/static/style.css")),
            ]
            for (what, r) in answers {
                Self.expectBaseline(r, what)
                if what != "stylesheet" { #expect(Self.header(r, "Cache-Control") == "no-store", "\(what)") }
            }
            let page = try await c.call(.get, "/dashboard", headers: cookie)
            let csp = Self.header(page, "Content-Security-Policy") ?? ""
            #expect(csp.contains("base-uri 'none'") && csp.contains("object-src 'none'") && csp.contains("script-src 'self'"), "\(csp)")
            let json = try await c.get("/api/v1/me", as: .admin)
            #expect(Self.header(json, "Content-Security-Policy")?.hasPrefix("default-src 'none'") == true)
        }
    }

    @Test("a method a documented path does not answer is 405 with Allow; HEAD answers wherever GET does")
    func methods() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            let doc = try await OpenAPITests.fetchDocument(c)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            for (path, item) in paths {
                let allowed = Set(item.keys.map { $0.uppercased() })
                let uri = path.replacingOccurrences(of: "{id}", with: "NO-SUCH")
                for method in ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] where !allowed.contains(method) {
                    let r = try await c.call(HTTPRequest.Method(method)!, uri, as: .admin)
                    #expect(r.status == .methodNotAllowed, "\(method) \(path): \(r)")
                    let allow = Set((r.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                    var expected = allowed
                    if allowed.contains("GET") { expected.insert("HEAD") }
                    #expect(allow == expected, "\(method) \(path): Allow \(allow)")
                    #expect(r.error?.code == "method_not_allowed")
                }
            }
            let head = try await c.call(.head, "/health")
            #expect(head.status == .ok && head.text.isEmpty, "\(head)")
            #expect(try await c.call(.head, "/api/v1/me", as: .admin).status == .ok)
            #expect(try await c.call(.head, "/api/v1/applications/NO-SUCH", as: .admin).status == .notFound)
        }
    }

    @Test("over HTTPS the session cookie is __Host- and Secure, and it works; signing out clears the site's data")
    func cookies() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            let plain = try await c.post("/login", #"{"username": "admin", "password": "\#(APIFixtures.password)"}"#)
            let plainCookie = plain.headers[.setCookie] ?? ""
            #expect(plainCookie.hasPrefix("rasim_session=") && !plainCookie.contains("Secure"), "\(plainCookie)")

            let https = try await c.post("/login", #"{"username": "admin", "password": "\#(APIFixtures.password)"}"#,
                                         headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            let setCookie = try #require(https.headers[.setCookie])
            #expect(setCookie.hasPrefix("__Host-rasim_session=") && setCookie.contains("Secure") && setCookie.contains("Path=/")
                    && setCookie.contains("HttpOnly") && !setCookie.lowercased().contains("domain="), "\(setCookie)")
            let sid = String(setCookie.dropFirst("__Host-rasim_session=".count).prefix { $0 != ";" })
            let csrf = try #require(https.object["csrf"] as? String)
            let session: HTTPFields = [.cookie: "__Host-rasim_session=\(sid)"]
            let me = try await c.call(.get, "/api/v1/me", headers: session)
            #expect(me.status == .ok && me.object["username"] as? String == "admin", "\(me)")

            var out = session
            out[HTTPField.Name("X-CSRF-Token")!] = csrf
            out[HTTPField.Name("X-Forwarded-Proto")!] = "https"
            let bye = try await c.call(.post, "/logout", headers: out)
            #expect(bye.status == .ok, "\(bye)")
            #expect(Self.header(bye, "Clear-Site-Data")?.contains("\"cookies\"") == true)
            let cleared = bye.headers[values: .setCookie]
            #expect(cleared.contains { $0.hasPrefix("__Host-rasim_session=;") || $0.hasPrefix("__Host-rasim_session=\"\"") || $0.hasPrefix("__Host-rasim_session=") && $0.contains("Max-Age=0") }, "\(cleared)")
            #expect(try await c.call(.get, "/api/v1/me", headers: session).status == .unauthorized, "the session ended")
        }
    }
}

@Suite("I18n: a feature's tables join the platform's, never rewording them")
struct I18nAddingTests {
    @Test func addingTables() throws {
        let base = I18n(tables: [.kk: ["a": "А"], .ru: ["a": "А"]])
        let more = try base.adding([.kk: ["b": "Б"], .ru: ["b": "Б"]])
        #expect(more.t("b", .kk) == "Б" && more.t("a", .ru) == "А")
        #expect(throws: I18n.DuplicateKey.self) { try base.adding([.kk: ["a": "басқа"]]) }
    }
}
