import Foundation
import HTTPTypes
import SQLKit
import Storage
import Testing
import WebKit
@testable import WebServer

/// Sign-in and sessions under attack (issue 11 §4): each test is one reproduction of the issue, which must not
/// reproduce any more.
@Suite struct SignInTests {
    static func login(_ client: APIClient, _ username: String, _ password: String) async throws -> APIReply {
        try await client.post("/login", "{\"username\": \"\(username)\", \"password\": \"\(password)\"}")
    }

    static var cheap: RasimServer.Configuration {
        var c = RasimServer.Configuration()
        c.bcryptCost = 4
        return c
    }

    // MARK: the limiter

    @Test("100 parallel wrong passwords: exactly the limit (5) reach bcrypt, the rest are 429 with Retry-After")
    func parallelWrongPasswordsStopAtTheLimit() async throws {
        try await withAPI(demoApplications: 1, configuration: Self.cheap) { h, client in
            let before = h.server.passwordChecks
            let statuses = try await withThrowingTaskGroup(of: APIReply.self) { group in
                for i in 0..<100 { group.addTask { try await Self.login(client, "executor", "wrong-\(i)") } }
                var all: [APIReply] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(h.server.passwordChecks - before == LoginLimiter.accountPolicy.free)
            #expect(statuses.filter { $0.status == .unauthorized }.count == LoginLimiter.accountPolicy.free)
            let limited = statuses.filter { $0.status == .tooManyRequests }
            #expect(limited.count == 100 - LoginLimiter.accountPolicy.free)
            #expect(limited.allSatisfy { $0.error?.code == "rate_limited" && Int($0.headers[.retryAfter] ?? "") ?? 0 > 0 })
            #expect(try await h.audit(action: "refused.login").count == LoginLimiter.accountPolicy.free)
        }
    }

    @Test("guesses from 8 addresses at one account: still 5 reach bcrypt, not 8 × 5")
    func addressRotationDoesNotMultiplyGuesses() async throws {
        try await withAPI(demoApplications: 1, configuration: Self.cheap) { h, _ in
            let limiter = LoginLimiter(), passwords = PasswordCheck(cost: 4)
            var outcomes: [String] = []
            for ip in 1...8 {
                for k in 1...5 {
                    let o = try await SignIn.attempt(username: "signer", password: "guess-\(ip)-\(k)", remote: "10.0.0.\(ip)", via: "api",
                                                     store: h.store, limiter: limiter, passwords: passwords, roles: APIFixtures.permissions.roles)
                    outcomes.append("\(o)")
                }
            }
            #expect(passwords.checks == 5)
            #expect(outcomes.filter { $0.hasPrefix("wrongCredentials") }.count == 5)
            #expect(outcomes.filter { $0.hasPrefix("rateLimited") }.count == 35)
            // Another spelling of the name is the same account.
            let upper = try await SignIn.attempt(username: " Signer", password: "x", remote: "10.0.0.9", via: "api",
                                                 store: h.store, limiter: limiter, passwords: passwords, roles: APIFixtures.permissions.roles)
            #expect("\(upper)".hasPrefix("rateLimited"))
        }
    }

    /// A limiter counting in memory, or in a fresh database's shared counters (what `rasim serve` uses).
    static func limiter(shared: Bool, _ body: @Sendable (LoginLimiter) async throws -> Void) async throws {
        guard shared else { return try await body(LoginLimiter()) }
        let path = "/tmp/rasim-limiter-test-\(UUID().uuidString).sqlite"
        let db = try await Database.open(url: "sqlite://" + path, auditKey: AuditKey.random())
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await Migrations.run(on: db)
        do { try await body(LoginLimiter(shared: Store(db))) } catch { await db.close(); throw error }
        await db.close()
    }

    @Test("the back-off grows, is capped at 15 minutes and expires: the owner is never locked out for good",
          arguments: [false, true])
    func backOffExpires(shared: Bool) async throws { try await Self.limiter(shared: shared) { l in
        let t0: Int64 = 1_000_000
        for _ in 1...5 { #expect(try await l.begin(account: "admin", address: "a", now: t0) == .proceed) }
        #expect(try await l.begin(account: "admin", address: "b", now: t0) == .wait(seconds: 30))
        // Each failure after the free ones doubles the wait, up to 15 minutes.
        var now = t0, waits: [Int64] = []
        for _ in 1...8 {
            guard case .wait(let s) = try await l.begin(account: "admin", address: "a", now: now) else { Issue.record("not blocked"); return }
            now += s
            #expect(try await l.begin(account: "admin", address: "a", now: now) == .proceed)
            if case .wait(let next) = try await l.begin(account: "admin", address: "a", now: now) { waits.append(next) }
        }
        #expect(waits == [60, 120, 240, 480, 900, 900, 900, 900])
        // Attempts while blocked are not counted: the wait does not grow from them.
        #expect(try await l.begin(account: "admin", address: "a", now: now + 1) == .wait(seconds: 899))
        // 15 minutes after the last failure the owner may try again; a success clears the account.
        #expect(try await l.begin(account: "admin", address: "c", now: now + 900) == .proceed)
        try await l.succeeded(account: "admin", address: "c", now: now + 900)
        for _ in 1...4 { #expect(try await l.begin(account: "admin", address: "c", now: now + 901) == .proceed) }
    } }

    @Test("two servers on one database count one budget: failures spread over both still stop at the limit, and a restart forgets nothing")
    func serversShareTheBudget() async throws {
        let path = "/tmp/rasim-limiter-test-\(UUID().uuidString).sqlite"
        let db = try await Database.open(url: "sqlite://" + path, auditKey: AuditKey.random())
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await Migrations.run(on: db)
        let a = LoginLimiter(shared: Store(db)), b = LoginLimiter(shared: Store(db))
        let free = LoginLimiter.accountPolicy.free
        for i in 0..<free { #expect(try await (i % 2 == 0 ? a : b).begin(account: "admin", address: "10.0.0.\(i)", now: 7000) == .proceed) }
        #expect(try await a.begin(account: "admin", address: "10.0.1.1", now: 7000) == .wait(seconds: 30))
        #expect(try await b.begin(account: "admin", address: "10.0.1.2", now: 7001) == .wait(seconds: 29))
        // A third limiter — a server started later — sees the same block.
        #expect(try await LoginLimiter(shared: Store(db)).begin(account: "admin", address: "10.0.1.3", now: 7002) == .wait(seconds: 28))
        // A success through one clears the account for all; other accounts were never touched.
        #expect(try await b.begin(account: "admin", address: "10.0.1.4", now: 7030) == .proceed)
        try await b.succeeded(account: "admin", address: "10.0.1.4", now: 7030)
        #expect(try await a.begin(account: "admin", address: "10.0.1.5", now: 7031) == .proceed)
        #expect(try await a.begin(account: "executor", address: "10.0.1.5", now: 7031) == .proceed)
        // Counters idle past the forgetting time (and not blocking) are removed, not kept for ever.
        _ = try await a.begin(account: "someone-else", address: "10.9.9.9", now: 7031 + 2 * LoginLimiter.accountPolicy.forgetAfter)
        let left = try await db.read { try await $0.select().column("key").from("sign_in_counters").all().map { try $0.decode(column: "key", as: String.self) } }
        #expect(Set(left) == ["account:someone-else", "address:10.9.9.9"], "\(left)")
        await db.close()
    }

    @Test("one address spraying many names meets its own budget")
    func oneAddressHasABudget() async throws {
        let l = LoginLimiter()
        for i in 0..<LoginLimiter.addressPolicy.free { #expect(try await l.begin(account: "name-\(i)", address: "10.1.1.1", now: 5000) == .proceed) }
        #expect(try await l.begin(account: "yet-another", address: "10.1.1.1", now: 5000) == .wait(seconds: 30))
        #expect(try await l.begin(account: "yet-another", address: "10.1.1.2", now: 5000) == .proceed)
    }

    @Test("a flood of unique names keeps the limiter's memory bounded and does not free a blocked account")
    func limiterMemoryIsBounded() async throws {
        let l = LoginLimiter(capacity: 1000)
        for _ in 1...5 { _ = try await l.begin(account: "target", address: "x", now: 100) }
        #expect(try await l.begin(account: "target", address: "x", now: 100) == .wait(seconds: 30))
        for i in 0..<20_000 { _ = try await l.begin(account: "flood-\(i)", address: "10.\(i / 250).\(i % 250).1", now: 101) }
        let size = await l.size
        #expect(size.accounts <= 1000 && size.addresses <= 1000, "\(size)")
        #expect(try await l.begin(account: "target", address: "y", now: 102) == .wait(seconds: 28))
    }

    // MARK: unknown names

    @Test("an unknown name runs bcrypt, at the configured cost, like a known name's wrong password")
    func unknownNamesRunBcryptToo() async throws {
        try await withAPI(demoApplications: 1, configuration: Self.cheap) { h, client in
            let start = h.server.passwordChecks
            let known = try await Self.login(client, "registrar", "wrong")
            #expect(known.status == .unauthorized)
            #expect(h.server.passwordChecks == start + 1)
            let unknown = try await Self.login(client, "no-such-user", "wrong")
            #expect(unknown.status == .unauthorized)
            #expect(h.server.passwordChecks == start + 2)
            #expect(known.error?.message == unknown.error?.message)
        }
        // The dummy hash has the configured cost, the cost new users' hashes get.
        let p = PasswordCheck(cost: 5)
        #expect(p.dummyHash().hasPrefix("$2b$05$") || p.dummyHash().hasPrefix("$2a$05$") || p.dummyHash().hasPrefix("$2y$05$"), "\(p.dummyHash())")
        p.verifyUnknown("x")
        #expect(p.checks == 1)
    }

    // MARK: names and bodies

    @Test("a name over 64 characters is 400 on /login and a form error on /signin, with no audit row; bodies over 16 KiB are 413")
    func longNamesAndBodiesAreRefused() async throws {
        try await withAPI(demoApplications: 1, configuration: Self.cheap) { h, client in
            let auditBefore = try await h.audit().count
            let checks = h.server.passwordChecks
            let long = String(repeating: "n", count: 65)
            let r = try await Self.login(client, long, "x")
            #expect(r.status == .badRequest && r.error?.path == "$.username", "\(r)")
            let huge = try await Self.login(client, String(repeating: "n", count: 1 << 20), "x")
            #expect(huge.status == .contentTooLarge && huge.error?.code == "body_too_large", "\(huge)")
            let form = try await PagesTests.signinForm(client)
            let page = try await client.call(.post, "/signin", json: "csrf=\(form.csrf)&username=\(long)&password=x", headers: form.headers)
            #expect(page.status == .badRequest)
            #expect(page.text.contains("64"), "\(page.text.prefix(500))")
            #expect(!page.text.contains(long))
            let bigForm = try await client.call(.post, "/signin", json: "csrf=\(form.csrf)&username=" + String(repeating: "n", count: 20_000),
                                                headers: form.headers)
            #expect(bigForm.status == .contentTooLarge)
            #expect(bigForm.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await h.audit().count == auditBefore)
            #expect(h.server.passwordChecks == checks)
            // A name of exactly 64 characters is an attempt like any other; its audit row keeps a short digest.
            let unknown = String(repeating: "u", count: 64)
            #expect(try await Self.login(client, unknown, "x").status == .unauthorized)
            let row = try #require(try await h.audit(action: "refused.login").last)
            #expect(!row.actor.contains(unknown) && !row.entity.contains(unknown) && !row.payload.contains(unknown), "\(row)")
            #expect(row.actor.count + row.entity.count + row.payload.count < 120, "\(row)")
            // A known user's failure names the user.
            #expect(try await Self.login(client, "inspector", "x").status == .unauthorized)
            #expect(try await h.audit(action: "refused.login").last?.entity == "user:inspector")
        }
    }

    // MARK: redirects

    static let evilTargets = ["/%5Cevil.example", "/\\evil.example", "/\t/evil.example", "/%09/evil.example", "//evil.example",
                              "/%2F/evil.example", "/%252F%252Fevil.example", "https://evil.example", "/%0a/evil.example",
                              "/dashboard\\..\\\\evil.example", "evil.example", ""]

    @Test("only local paths are redirect targets", arguments: evilTargets)
    func localPathRefuses(_ target: String) {
        #expect(PageKit.localPath(target) == nil)
    }

    @Test func localPathKeepsOrdinaryPaths() {
        for p in ["/", "/dashboard", "/applications/A-1?x=1&y=%20z", "/reports?from=2025-01-01#top", "/calendar?year=2026"] {
            #expect(PageKit.localPath(p) == p)
        }
    }

    @Test("sign-in `next` and language `back` never lead off-site")
    func openRedirectsAreClosed() async throws {
        try await withAPI(demoApplications: 1, configuration: Self.cheap) { _, client in
            for target in Self.evilTargets where !target.isEmpty {
                let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let page = try await client.call(.get, "/signin?next=" + encoded)
                #expect(!page.text.contains("evil.example"), "GET /signin?next=\(encoded) puts it in the form")
                let form = try await PagesTests.signinForm(client)
                let r = try await client.call(.post, "/signin", json: "csrf=\(form.csrf)&username=registrar&password=\(APIFixtures.password)&next=\(encoded)",
                                              headers: form.headers)
                #expect(r.status == .seeOther && r.headers[.location] == "/dashboard", "next=\(encoded): \(r.headers[.location] ?? "-")")
                let lang = try await client.call(.post, "/language", json: "lang=ru&back=\(encoded)", headers: PagesTests.formHeaders)
                #expect(lang.status == .seeOther && lang.headers[.location] == "/dashboard", "back=\(encoded): \(lang.headers[.location] ?? "-")")
            }
            let form = try await PagesTests.signinForm(client, "/signin?next=%2Fcalendar%3Fyear%3D2026")
            let r = try await client.call(.post, "/signin", json: "csrf=\(form.csrf)&username=registrar&password=\(APIFixtures.password)&next=%2Fcalendar%3Fyear%3D2026",
                                          headers: form.headers)
            #expect(r.headers[.location] == "/calendar?year=2026")
        }
    }

    // MARK: CSRF on the sign-in form

    @Test("POST /signin needs the form's token and the matching pre-session cookie")
    func signinFormNeedsItsCSRFToken() async throws {
        try await withAPI(demoApplications: 1, configuration: Self.cheap) { h, client in
            let checks = h.server.passwordChecks
            let body = "username=registrar&password=\(APIFixtures.password)"
            let none = try await client.call(.post, "/signin", json: body, headers: PagesTests.formHeaders)
            #expect(none.status == .forbidden && APISessionTests.sessionCookie(none) == nil, "\(none.status)")
            let form = try await PagesTests.signinForm(client)
            let noCookie = try await client.call(.post, "/signin", json: "csrf=\(form.csrf)&" + body, headers: PagesTests.formHeaders)
            #expect(noCookie.status == .forbidden && APISessionTests.sessionCookie(noCookie) == nil)
            let other = try await PagesTests.signinForm(client)
            #expect(other.csrf != form.csrf)
            let mismatched = try await client.call(.post, "/signin", json: "csrf=\(other.csrf)&" + body, headers: form.headers)
            #expect(mismatched.status == .forbidden && APISessionTests.sessionCookie(mismatched) == nil)
            // The refusal is a page in the visitor's language with a fresh form to retry.
            #expect(mismatched.text.contains("CSRF") && mismatched.text.contains("name=\"csrf\""))
            #expect(h.server.passwordChecks == checks, "a refused form reaches no bcrypt")
            let ok = try await client.call(.post, "/signin", json: "csrf=\(form.csrf)&" + body, headers: form.headers)
            #expect(ok.status == .seeOther && APISessionTests.sessionCookie(ok) != nil)
            #expect(ok.headers[values: .setCookie].contains { $0.hasPrefix("rasim_signin=;") }, "the pre-session cookie is cleared")
        }
    }

    @Test("over HTTPS the sign-in token's cookie is __Host- and Secure")
    func signinCookieIsSecureOverHTTPS() async throws {
        var c = Self.cheap
        c.secureCookies = true
        try await withAPI(demoApplications: 1, configuration: c) { _, client in
            let page = try await client.call(.get, "/signin")
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("__Host-rasim_signin=") }, "\(page.headers)")
            #expect(cookie.lowercased().contains("secure") && cookie.lowercased().contains("httponly"))
        }
    }

    // MARK: tokens

    @Test("a token deleted from the database is refused on the very next request")
    func deletedTokenIsRefusedAtOnce() async throws {
        try await withAPI(demoApplications: 1, configuration: Self.cheap) { h, client in
            #expect(try await client.get("/api/v1/me", as: .registrar).status == .ok)
            #expect(try await client.get("/api/v1/me", as: .registrar).status == .ok)
            let hash = Secrets.sha256(APIFixtures.token(.registrar))
            try await h.db.write { db in try await db.delete(from: "api_tokens").where("token_hash", .equal, SQLBind(hash)).run() }
            let after = try await client.get("/api/v1/me", as: .registrar)
            #expect(after.status == .unauthorized && after.error?.code == "unauthorized", "\(after)")
            #expect(try await client.get("/api/v1/me", as: .inspector).status == .ok)
        }
    }
}
