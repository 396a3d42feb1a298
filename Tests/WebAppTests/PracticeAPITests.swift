import AdministrativePracticeFeature
import Foundation
import LegalCore
import Storage
import Testing
import WebKit
import WebServer

/// ADM-PRACTICE-2025's stored registry through the HTTP routes of contracts/practice.md.
@Suite("ADM-PRACTICE-2025 over HTTP: a registry kept, its history appended, never rewritten")
struct PracticeAPITests {
    static let legal = Role(rawValue: "legal_service")

    static func body(instructions: String = #"[{"version": "1", "approvedOn": "2025-03-20", "approverRole": "head"}]"#,
                     reports: String = "[]", decision: String = #"{"caseNumber": "2-1", "date": "2025-03-01", "outcome": "against_body"}"#) -> String {
        #"{"id": "akimat-abai", "kind": "district", "procedures": [{"id": "P-1", "listedOn": "2025-03-10", "orderChanges": ["2025-04-06"], "instructions": \#(instructions)}], "# +
        #""courtCases": [{"id": "AC-1", "field": "land relations", "filedOn": "2025-01-15", "pretrial": {"held": false}, "firstInstance": \#(decision), "inForceOn": "2025-04-02"}], "# +
        #""reports": \#(reports), "targets": [{"year": 2025, "percent": 20}]}"#
    }

    @Test("the legal service keeps its own body's registry; others read it as they read everything else")
    func keepAndRead() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            let put = try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: Self.legal, json: Self.body())
            #expect(put.status == .ok && put.text.contains("\"id\": \"akimat-abai\""), "\(put)")
            // Another organization's registry is not its to keep; an organization that does not exist is not a body.
            #expect(try await c.call(.put, "/api/v1/practice/bodies/uap-astana", as: Self.legal, json: Self.body().replacingOccurrences(of: "akimat-abai", with: "uap-astana")).status == .forbidden)
            #expect(try await c.call(.put, "/api/v1/practice/bodies/no-such-org", as: .admin, json: Self.body().replacingOccurrences(of: "akimat-abai", with: "no-such-org")).status == .notFound)
            let mismatch = try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: .admin, json: Self.body().replacingOccurrences(of: "\"id\": \"akimat-abai\"", with: "\"id\": \"uap-astana\""))
            #expect(mismatch.status == .unprocessableContent && mismatch.error?.path == "$.id", "\(mismatch)")

            // As of 20 Nov 2025: the instruction never placed, not updated after the change of 6 Apr (due 8 Jul),
            // the lost case without its measures, no report for 2025-06.
            let got = try await c.get("/api/v1/practice/bodies/akimat-abai?asOf=2025-11-20", as: .inspector)
            #expect(got.status == .ok, "\(got)")
            for code in ["instruction_not_placed", "actualization_term_breach", "lost_case_measures_missing", "report_term_breach"] {
                #expect(got.text.contains("\"code\": \"\(code)\""), "\(code): \(got.text.prefix(600))")
            }
            // The same use case as `POST /api/v1/practice/evaluate` on the same body.
            let evaluated = try await c.post("/api/v1/practice/evaluate", #"{"asOf": "2025-11-20", "bodies": ["# + Self.body() + "]}", as: .inspector)
            let findings = { (text: String) in text.components(separatedBy: "\"findings\": ")[1].components(separatedBy: "],\n \"summary\"")[0] }
            #expect(findings(evaluated.text).hasPrefix(findings(got.text).components(separatedBy: "]}")[0]), "the route and evaluate agree")
            // Internal control of akimat-abai reads it; the findings list filters by body and code.
            #expect(try await c.get("/api/v1/practice/bodies/akimat-abai?asOf=2025-11-20", as: .internalControl).status == .ok)
            let filtered = try await c.get("/api/v1/practice/findings?asOf=2025-11-20&code=report_term_breach&body=akimat-abai", as: .inspector)
            #expect(filtered.status == .ok && filtered.text.components(separatedBy: "\"code\":").count == 2, "\(filtered.text)")
            #expect(try await c.get("/api/v1/practice/findings?code=nope", as: .inspector).status == .badRequest)
            #expect(try await c.get("/api/v1/practice/bodies/uap-astana", as: .inspector).status == .notFound, "nothing stored for it")
            #expect(try await h.auditIsWhole())
        }
    }

    @Test("history is appended, never rewritten: a stored version, decision or report cannot be dropped or changed (409)")
    func history() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            let submitted = #"[{"period": "2025-06", "submittedOn": "2025-06-10"}]"#
            let first = try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: Self.legal,
                                         json: Self.body(reports: submitted, decision: #"{"date": "2025-03-01", "outcome": "against_body"}"#))
            #expect(first.status == .ok, "\(first)")
            func put(_ json: String) async throws -> APIReply { try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: Self.legal, json: json) }
            // Refused: the version dropped, its approval day changed, the report dropped, the decision's outcome changed.
            for (json, what) in [(Self.body(instructions: "[]", reports: submitted), "instruction version"),
                                 (Self.body(instructions: #"[{"version": "1", "approvedOn": "2025-03-21", "approverRole": "head"}]"#, reports: submitted), "instruction version"),
                                 (Self.body(reports: "[]"), "report"),
                                 (Self.body(reports: submitted, decision: #"{"date": "2025-03-01", "outcome": "for_body"}"#), "firstInstance")] {
                let r = try await put(json)
                #expect(r.status == .conflict && r.error?.message.contains(what) == true, "\(what): \(r)")
            }
            // Allowed: the version placed later, the decision's number given where it was empty, a new version.
            let later = Self.body(instructions: #"[{"version": "1", "approvedOn": "2025-03-20", "placedOn": "2025-03-25", "approverRole": "head"}, {"version": "2", "approvedOn": "2025-06-01", "approverRole": "head"}]"#,
                                  reports: submitted)
            #expect(try await put(later).status == .ok)
            // …and once placed, the placement is history too.
            #expect(try await put(later.replacingOccurrences(of: "2025-03-25", with: "2025-03-26")).status == .conflict)
            // Every write is in the audit chain, with the state it stored.
            let entries = try await h.audit().filter { $0.action.hasPrefix("practice.body.") }
            #expect(entries.map(\.action) == ["practice.body.create", "practice.body.update"] && entries[0].payload.contains("\"2025-06-10\""), "\(entries.map(\.action))")
            #expect(try await h.auditIsWhole())
        }
    }
}

@Suite("ADM-PRACTICE-2025's page: the bodies one sees, what expires first, in Kazakh or Russian")
struct PracticePageTests {
    @Test func thePageShowsTheStoredBodiesInTheUsersLanguage() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            let put = try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: PracticeAPITests.legal, json: PracticeAPITests.body())
            #expect(put.status == .ok, "\(put)")
            let (inspector, _) = try await PagesTests.signIn(c, "inspector")
            let page = try await c.call(.get, "/practice", headers: inspector)
            #expect(page.status == .ok, "\(page.text.prefix(300))")
            #expect(page.text.contains("Әкімшілік практиканың біркелкілігі") && page.text.contains("Абай ауданының әкімдігі"))
            #expect(page.text.contains("data-code=\"lost_case_measures_missing\"") && page.text.contains("Ұтылған іс бойынша шаралар жоқ"))
            #expect(page.text.contains("ADM-PRACTICE-2025 §13"), "citations shown")
            #expect(page.text.contains("href=\"/practice\""), "the inspector's navigation links the page")
            // App.3 as the decree's form: 13 numbered columns, a row per case, printable across the page.
            #expect(page.text.contains("href=\"/practice/akimat-abai/cases\""))
            let app3 = try await c.call(.get, "/practice/akimat-abai/cases", headers: inspector)
            #expect(app3.status == .ok && app3.text.contains("Р/с №") && app3.text.contains("Сотқа дейінгі қарау") && app3.text.contains("class=\"print-landscape\""))
            #expect(app3.text.components(separatedBy: "<th scope=\"col\" class=\"num\">").count == 14, "13 numbered columns")
            #expect(app3.text.contains("data-case=\"AC-1\"") && app3.text.contains("сот шешімі заңды күшіне енді"), "\(app3.text.prefix(300))")
            #expect(try await c.call(.get, "/practice/uap-astana/cases", headers: inspector).status == .notFound, "no registry stored for it")
            // §8 / App.1 and App.2: the procedure list, and an instruction's versions side by side with what changed.
            let two = PracticeAPITests.body(instructions: #"[{"version": "1", "approvedOn": "2025-03-20", "approverRole": "head", "app2": {"7": "10 жұмыс күні"}}, {"version": "2", "approvedOn": "2025-07-01", "approverRole": "head", "app2": {"7": "5 жұмыс күні"}}]"#)
            #expect(try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: .admin, json: two).status == .conflict, "version 1's App.2 is history")
            let three = PracticeAPITests.body(instructions: #"[{"version": "1", "approvedOn": "2025-03-20", "approverRole": "head"}, {"version": "2", "approvedOn": "2025-07-01", "approverRole": "head", "app2": {"7": "5 жұмыс күні"}}]"#)
            #expect(try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: .admin, json: three).status == .ok)
            let list = try await c.call(.get, "/practice/akimat-abai/procedures", headers: inspector)
            #expect(list.status == .ok && list.text.contains("href=\"/practice/akimat-abai/procedures/P-1\"") && list.text.contains("data-procedure=\"P-1\""))
            let versions = try await c.call(.get, "/practice/akimat-abai/procedures/P-1", headers: inspector)
            #expect(versions.status == .ok && versions.text.contains("7. Қарау мерзімі") && versions.text.contains("<td class=\"changed\">5 жұмыс күні"), "\(versions.text.prefix(300))")
            #expect(try await c.call(.get, "/practice/akimat-abai/procedures/NOPE", headers: inspector).status == .notFound)
            // App.4: the report for a chosen period, its figures and its cases' App.3 rows; as XLSX too.
            let report = try await c.call(.get, "/practice/akimat-abai/report?period=2025-06", headers: inspector)
            #expect(report.status == .ok && report.text.contains("4-қосымша") && report.text.contains("data-case=\"AC-1\""), "\(report.text.prefix(300))")
            #expect(report.text.contains("<option value=\"2025-06\" selected>"))
            let xlsx = try await c.call(.get, "/practice/akimat-abai/report.xlsx?period=2025-06", headers: inspector)
            #expect(xlsx.status == .ok && xlsx.headers[.contentType]?.contains("spreadsheetml") == true && xlsx.bytes.prefix(2) == [0x50, 0x4B], "a zip")
            #expect(try await c.call(.get, "/practice/akimat-abai/report?period=2024-06", headers: inspector).status == .badRequest)
            // In Russian, after switching.
            let (control, csrf) = try await PagesTests.signIn(c, "control")
            var headers = control; headers.append(contentsOf: PagesTests.formHeaders)
            _ = try await c.call(.post, "/language", json: "csrf=\(csrf)&lang=ru&next=%2Fpractice", headers: headers)
            let ru = try await c.call(.get, "/practice", headers: control)
            #expect(ru.text.contains("Единообразие административной практики") && ru.text.contains("Нет мер по проигранному делу"), "\(ru.text.prefix(400))")
            // A registrar has no business here: no link, and the page is refused.
            let (registrar, _) = try await PagesTests.signIn(c, "registrar")
            let dash = try await c.call(.get, "/dashboard", headers: registrar)
            #expect(!dash.text.contains("href=\"/practice\""))
            #expect(try await c.call(.get, "/practice", headers: registrar).status == .forbidden)
            _ = h
        }
    }
}

@Suite("A feature's demo logins")
struct FeatureDemoLoginTests {
    @Test("the demo creates the legal service's login the practice feature declares, with its organization")
    func legalServiceLogin() async throws {
        let logins = Demo.logins(features: APIFixtures.features)
        #expect(logins.map(\.username).suffix(1) == ["legal"] && logins.count == Demo.logins.count + 1)
        let path = "/tmp/rasim-demo-logins-\(UUID().uuidString).sqlite"
        let db = try await Database.open(url: "sqlite://" + path, auditKey: AuditKey.random(), schemas: [PracticeStore.schema])
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        try await Migrations.run(on: db)
        let store = Store(db)
        #expect(try await Demo.loadIfEmpty(store: store, calendar: APIFixtures.calendar, features: [PracticeModule()], bcryptCost: 4,
                                           asOf: Instant(iso: "2026-03-01T10:00:00+05:00")!))
        let legal = try #require(try await store.user(username: "legal"))
        #expect(legal.role == "legal_service" && legal.organizations == ["akimat-abai"])
        #expect(try await store.practiceBodies(ids: nil).map(\.id) == ["akimat-abai", "uap-astana"], "the demo keeps two bodies' registries")
        await db.close()
    }
}
