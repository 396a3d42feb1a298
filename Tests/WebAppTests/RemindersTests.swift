import Foundation
import Glibc
import Storage
import Testing
@testable import WebKit
@testable import WebServer

/// Reminders (issue 17): the notifications page and its badge, and the daily digest mailed through an SMTP server —
/// here a local one the test starts, which records what it is sent.
@Suite struct RemindersTests {
    /// A one-connection-at-a-time SMTP server on 127.0.0.1 that accepts everything and keeps each message.
    final class SMTPSink: @unchecked Sendable {
        let fd: Int32
        let port: Int
        private let lock = NSLock()
        private var received: [(from: String, to: String, data: String)] = []
        var messages: [(from: String, to: String, data: String)] { lock.withLock { received } }

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var yes: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = 0
            let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard bound == 0, listen(fd, 8) == 0 else { throw SMTPClient.Failure(description: "the sink cannot listen") }
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
            self.port = Int(UInt16(bigEndian: addr.sin_port))
            Thread.detachNewThread { [self] in self.serve() }
        }

        func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

        private func serve() {
            while true {
                let c = accept(fd, nil, nil)
                guard c >= 0 else { return }
                session(c)
                close(c)
            }
        }

        private func session(_ c: Int32) {
            func say(_ s: String) { _ = s.withCString { Glibc.send(c, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
            var buffer = [UInt8]()
            func line() -> String? {
                while true {
                    if let nl = buffer.firstIndex(of: 10) {
                        let l = String(decoding: buffer[..<nl], as: UTF8.self).trimmingCharacters(in: .newlines)
                        buffer.removeSubrange(...nl)
                        return l
                    }
                    var chunk = [UInt8](repeating: 0, count: 4096)
                    let n = recv(c, &chunk, chunk.count, 0)
                    guard n > 0 else { return nil }
                    buffer.append(contentsOf: chunk[..<n])
                }
            }
            say("220 sink ESMTP\r\n")
            var from = "", to = ""
            while let l = line() {
                if l.hasPrefix("EHLO") { say("250-sink\r\n250 OK\r\n") }
                else if l.hasPrefix("MAIL FROM:") { from = String(l.dropFirst(10)); say("250 OK\r\n") }
                else if l.hasPrefix("RCPT TO:") { to = String(l.dropFirst(8)); say("250 OK\r\n") }
                else if l == "DATA" {
                    say("354 end with .\r\n")
                    var data: [String] = []
                    while let d = line(), d != "." { data.append(d.hasPrefix("..") ? String(d.dropFirst()) : d) }
                    let message = (from, to, data.joined(separator: "\n"))
                    lock.withLock { received.append(message) }
                    say("250 queued\r\n")
                } else if l == "QUIT" { say("221 bye\r\n"); return }
                else { say("500 what\r\n") }
            }
        }
    }

    /// The base64 body of a message composed by `MailMessage`, decoded.
    static func body(_ data: String) -> String {
        let parts = data.components(separatedBy: "\n\n")
        let b64 = parts.dropFirst().joined().replacingOccurrences(of: "\n", with: "")
        return Data(base64Encoded: b64).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    @Test("the digest mails each user with an address what is overdue, due today and the next working day, in their language, through SMTP")
    func digestThroughSMTP() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await withAPI(demoApplications: 1) { h, client in
            // Received on 2 November 2026 and never registered: the registrar's overdue registration.
            let late = Bodies.application(id: "REM-1", events: [Bodies.event("submitted", "2026-11-02T10:00:00+05:00")])
            #expect(try await client.post("/api/v1/applications", late, as: .registrar).status == .created)
            try await h.store.setEmail(username: "registrar", email: "registrar@akimat.kz", actor: "test")
            let smtp = SMTPClient(host: "127.0.0.1", port: sink.port)
            let outcome = try await Digest.run(server: h.server, store: h.store, from: "rasim@akimat.kz") { to, message in
                try smtp.send(from: "rasim@akimat.kz", to: to, data: message)
            }
            #expect(outcome.sent == ["registrar"], "\(outcome.sent) \(outcome.failed)")
            #expect(outcome.noAddress.contains("executor") && outcome.failed.isEmpty)
            let mail = try #require(sink.messages.first)
            #expect(mail.from == "<rasim@akimat.kz>" && mail.to == "<registrar@akimat.kz>")
            #expect(mail.data.contains("Subject: =?UTF-8?B?") && mail.data.contains("Content-Type: text/plain; charset=utf-8"))
            let text = Self.body(mail.data)
            #expect(text.contains("REM-1") && text.contains("Мерзімі өткен"), "the overdue registration, in Kazakh: \(text.prefix(300))")
            #expect(try await h.auditIsWhole(), "the address was written through the audit log")
            // Refused by the server: the failure is the user's, the others still go.
            let refusing = SMTPClient(host: "127.0.0.1", port: 1)
            let failed = try await Digest.run(server: h.server, store: h.store, from: "rasim@akimat.kz") { to, message in
                try refusing.send(from: "rasim@akimat.kz", to: to, data: message)
            }
            #expect(failed.sent.isEmpty && failed.failed.map(\.user) == ["registrar"])
        }
    }

    @Test("the notifications page groups today, the next working day and the overdue; the menu's badge counts the first two")
    func notificationsPage() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let late = Bodies.application(id: "REM-2", events: [Bodies.event("submitted", "2026-11-02T10:00:00+05:00")])
            #expect(try await client.post("/api/v1/applications", late, as: .registrar).status == .created)
            let (cookie, _) = try await PagesTests.signIn(client, "registrar")
            let page = try await client.call(.get, "/notifications", headers: cookie)
            #expect(page.status == .ok)
            let overdue = try #require(page.text.range(of: "id=\"n-overdue\"")).upperBound
            #expect(page.text[overdue...].contains(">REM-2: "), "the overdue registration is listed, linked")
            func rows(_ id: String) -> Int {
                guard let start = page.text.range(of: "id=\"\(id)\"")?.upperBound else { return 0 }
                let section = page.text[start...].prefix { _ in true }
                let end = section.range(of: "</section>")?.lowerBound ?? section.endIndex
                return section[..<end].components(separatedBy: "<tr class=").count - 1
            }
            let soon = rows("n-due_today") + rows("n-due_next")
            let next = try await client.call(.get, "/applications", headers: cookie)
            let badge = next.text.firstMatch(of: /<span class="count" aria-hidden="true">(\d+)<\/span>/).map { Int($0.1)! }
            #expect(badge == (soon > 0 ? soon : nil), "the badge (\(String(describing: badge))) counts today's and the next working day's (\(soon))")
        }
    }

    @Test func addressesAreCheckedBeforeTheyAreStored() {
        #expect(MailAddress.problem("executor@akimat.kz") == nil)
        #expect(MailAddress.problem("no-at-sign") != nil)
        #expect(MailAddress.problem("a@b") != nil)
        #expect(MailAddress.problem("a b@c.kz") != nil)
        #expect(MailAddress.problem("a@c.kz>\r\nRCPT TO:<x@y.kz") != nil, "no command injected into the SMTP dialogue")
    }
}

/// A user's own account (issue 17): their password and their reminder address, refusals beside the field.
@Suite struct AccountPageTests {
    @Test("a user changes their own password (the current one first) and their reminder address; refusals are beside the field")
    func ownPasswordAndAddress() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let b = try await WorkspaceTests.Browser.open(client, "executor")
            let page = try await b.get("/account")
            #expect(page.status == .ok && page.text.contains("id=\"account-facts\""))
            let wrong = try await b.post("/account/password", [("current", "not-it"), ("new", "a-new-password"), ("repeat", "a-new-password")])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("id=\"a-current-error\""))
            let short = try await b.post("/account/password", [("current", APIFixtures.password), ("new", "short"), ("repeat", "short")])
            #expect(short.text.contains("id=\"a-new-error\"") && short.text.contains("8"))
            let mismatch = try await b.post("/account/password", [("current", APIFixtures.password), ("new", "a-new-password"), ("repeat", "another-one")])
            #expect(mismatch.text.contains("id=\"a-repeat-error\""))
            let badMail = try await b.post("/account/email", [("email", "executor at akimat")])
            #expect(badMail.status == .unprocessableContent && badMail.text.contains("id=\"a-email-error\"") && badMail.text.contains("value=\"executor at akimat\""))
            let mail = try await b.post("/account/email", [("email", "executor@akimat.kz")])
            #expect(mail.status == .seeOther && mail.headers[.location] == "/account?saved=email")
            let executor = try #require(try await h.store.user(username: "executor"))
            #expect(try await h.store.emails()[executor.id] == "executor@akimat.kz")
            let changed = try await b.post("/account/password", [("current", APIFixtures.password), ("new", "a-new-password"), ("repeat", "a-new-password")])
            #expect(changed.status == .seeOther && changed.headers[.location] == "/signin?changed=1")
            #expect(try await b.get("/dashboard").status == .seeOther, "the old session ended")
            _ = try await PagesTests.signIn(client, "executor", password: "a-new-password")
            #expect(try await h.auditIsWhole())
        }
    }
}

/// The administrator's pages (issue 17): accounts and organizations through the same use cases as `rasim user`,
/// `rasim org` and the admin API, refusals beside the field.
@Suite struct AdminPagesTests {
    @Test("an administrator adds, resets and disables accounts, and names organizations in Kazakh and Russian; others may not")
    func accountsAndOrganizations() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let registrar = try await WorkspaceTests.Browser.open(client, "registrar")
            #expect(try await registrar.get("/admin/users").status == .forbidden)
            let admin = try await WorkspaceTests.Browser.open(client, "admin")
            #expect(try await admin.get("/admin/users").text.contains("data-user=\"executor\""))
            let bad = try await admin.post("/admin/users", [("username", "new user"), ("role", "executor"), ("password", "long-enough-1"), ("org_akimat-abai", "yes")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"u-username-error\"") && bad.text.contains("value=\"new user\""))
            let noOrg = try await admin.post("/admin/users", [("username", "clerk2"), ("role", "executor"), ("password", "long-enough-1")])
            #expect(noOrg.text.contains("id=\"u-organizations-error\""))
            let added = try await admin.post("/admin/users", [("username", "clerk2"), ("role", "executor"), ("password", "long-enough-1"), ("org_akimat-abai", "yes")])
            #expect(added.status == .seeOther)
            #expect(try await h.store.user(username: "clerk2")?.organizations == ["akimat-abai"])
            #expect(try await admin.post("/admin/users/clerk2/password", [("password", "short")]).text.contains("id=\"u-password-error\""))
            #expect(try await admin.post("/admin/users/clerk2/password", [("password", "another-pass-2")]).status == .seeOther)
            #expect(try await admin.post("/admin/users/clerk2/disable", []).status == .seeOther)
            #expect(try await h.store.user(username: "clerk2")?.passwordHash == Store.disabledPasswordHash)
            #expect(try await admin.post("/admin/users/admin/disable", []).status == .conflict, "not one's own account")
            let binBad = try await admin.post("/admin/organizations", [("id", "akimat-new"), ("name", "Жаңа әкімдік"), ("bin", "140440031746")])
            #expect(binBad.status == .unprocessableContent && binBad.text.contains("id=\"o-bin-error\""))
            let org = try await admin.post("/admin/organizations", [("id", "akimat-new"), ("name", "Жаңа әкімдік"), ("name_ru", "Новый акимат")])
            #expect(org.status == .seeOther)
            #expect(try await h.store.organizationNames(lang: "ru")["akimat-new"] == "Новый акимат")
            #expect(try await h.auditIsWhole())
        }
    }
}

extension AdminPagesTests {
    @Test("the officials page lists signing rights and absences; an absence recorded there refuses the signature on its days")
    func officialsAndAbsences() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let admin = try await WorkspaceTests.Browser.open(client, "admin")
            let page = try await admin.get("/officials")
            #expect(page.status == .ok && page.text.contains("data-official=\"akim-abai\"") && page.text.contains("еңбек демалысы"))
            let backwards = try await admin.post("/officials/absences", [("official", "deputy-abai"), ("kind", "sick_leave"), ("from", "2026-12-10"), ("to", "2026-12-01")])
            #expect(backwards.status == .unprocessableContent && backwards.text.contains("id=\"a-to-error\""))
            let ok = try await admin.post("/officials/absences", [("official", "deputy-abai"), ("kind", "sick_leave"), ("from", "2026-11-30"), ("to", "2026-12-02")])
            #expect(ok.status == .seeOther)
            #expect(try await h.store.official(id: "deputy-abai")?.absencesJSON.contains("\"sick_leave\"") == true)
            // The deputy's signature on 1 December is refused now.
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "ABS-1", events: Bodies.opened("2026-11-30")), as: .registrar).status == .created)
            let signed = try await client.post("/api/v1/applications/ABS-1/events?provider=akimat-abai",
                                               Bodies.event("result_issued", "2026-12-01T10:00:00+05:00", "\"signedBy\": \"deputy-abai\""), token: APIFixtures.deputyToken)
            #expect(signed.status == .forbidden, "\(signed)")
            #expect(try await WorkspaceTests.Browser.open(client, "registrar").get("/officials").status == .forbidden)
        }
    }
}

extension AdminPagesTests {
    @Test("an administrator adds an official with signing rights and imports passports on the pages; a bad passport stores nothing")
    func officialsAndPassportsOnThePages() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let admin = try await WorkspaceTests.Browser.open(client, "admin")
            let noName = try await admin.post("/officials", [("oid", "clerk-head"), ("organization", "akimat-abai"), ("name", "")])
            #expect(noName.status == .unprocessableContent && noName.text.contains("id=\"a-name-error\""))
            let ok = try await admin.post("/officials", [("oid", "clerk-head"), ("organization", "akimat-abai"), ("name", "Бөлім басшысы"), ("sign_outdoor-advertising", "yes")])
            #expect(ok.status == .seeOther)
            #expect(try await h.store.official(id: "clerk-head")?.maySign == ["outdoor-advertising"])
            let before = try await h.store.services().count
            let bad = try await admin.post("/services/import", [("passports", #"{"services": [{"id": "s-ok", "term": {"workingDays": 5}}, {"id": "s-bad", "term": {"weeks": 2}}]}"#)])
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"s-passports-error\"") && bad.text.contains("2-паспорт"))
            #expect(!bad.text.contains("$.services"), "no JSON path on the page")
            #expect(try await h.store.services().count == before, "nothing stored")
            let good = try await admin.post("/services/import", [("passports", #"{"services": [{"id": "s-ok", "term": {"workingDays": 5}}]}"#)])
            #expect(good.status == .ok && good.text.contains("role=\"status\""))
            #expect(try await h.store.services().count == before + 1)
            #expect(try await h.auditIsWhole())
        }
    }
}
