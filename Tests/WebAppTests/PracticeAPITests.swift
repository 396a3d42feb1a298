import AdministrativePracticeFeature
import Foundation
import LegalCore
import Storage
import Testing
import WebKit
import WebServer

/// ADM-PRACTICE-2025's stored registry through the HTTP routes of docs/reference/practice.md.
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

extension PracticeAPITests {
    @Test("a fact added after the first state is stamped with the day it was entered; the first state is taken as it stands")
    func recordedFacts() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            // The body's records as it had them: a review in 2025-Q2, no stamp.
            let placed = #"[{"version": "1", "approvedOn": "2025-03-20", "placedOn": "2025-03-21", "approverRole": "head"}]"#
            let first = Self.body(instructions: placed).replacingOccurrences(of: #""reports": []"#, with: #""knowledgeBaseReviews": ["2025-06-30"], "reports": []"#)
            #expect(try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: Self.legal, json: first).status == .ok)
            #expect(try await h.store.practiceRecorded(ids: ["akimat-abai"]).isEmpty)
            // Later, a review back-dated into 2025-Q3 (ended long ago) to answer the quarter's finding.
            let second = first.replacingOccurrences(of: #"["2025-06-30"]"#, with: #"["2025-06-30", "2025-09-15"]"#)
            #expect(try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: Self.legal, json: second).status == .ok)
            let stamped = try await h.store.practiceRecorded(ids: ["akimat-abai"])["akimat-abai"] ?? [:]
            #expect(stamped.keys.sorted() == ["review:2025-09-15"] && stamped.values.allSatisfy { LocalDate($0)! > LocalDate("2025-09-30")! }, "\(stamped)")
            // The quarter counts as reviewed — and says how the record came: the body cannot make that disappear.
            let got = try await c.get("/api/v1/practice/bodies/akimat-abai?asOf=2025-11-20", as: .inspector)
            #expect(!got.text.contains("\"code\": \"knowledge_base_review_missed\"") && got.text.contains("\"subject\": \"2025-Q3\", \"code\": \"recorded_after_term\""), "\(got.text)")
            // Storing the same state again stamps nothing new; dropping the review is history (refused only for
            // versions, decisions and reports) but its stamp stays, and putting it back does not restamp it.
            #expect(try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: Self.legal, json: second).status == .ok)
            #expect(try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: Self.legal, json: first).status == .ok)
            #expect(try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: Self.legal, json: second).status == .ok)
            #expect(try await h.store.practiceRecorded(ids: ["akimat-abai"])["akimat-abai"] == stamped)
            // The stamp is an audited row: the chain accounts for it (verification replays every audited table).
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
            #expect(page.text.contains("ADM-PRACTICE-2025 13-тармақ"), "citations shown, in the page's words")
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

extension PracticePageTests {
    @Test("the dashboard lists the practice duties beside the public-service terms, for those who read the registry")
    func dashboard() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            // Stored once, never updated: the change of 6 Apr 2025 is still not answered (due Tue 8 Jul 2025), and no
            // report was ever submitted — overdue on any day after the decree.
            let body = PracticeAPITests.body(instructions: #"[{"version": "1", "approvedOn": "2025-03-20", "placedOn": "2025-03-21", "approverRole": "head"}]"#)
                .replacingOccurrences(of: #""reports": []"#, with: #""knowledgeBaseReviews": ["2025-06-30"], "reports": []"#)
            #expect(try await c.call(.put, "/api/v1/practice/bodies/akimat-abai", as: PracticeAPITests.legal, json: body).status == .ok)
            let (legal, _) = try await PagesTests.signIn(c, "legal")
            let dash = try await c.call(.get, "/dashboard", headers: legal)
            #expect(dash.status == .ok && dash.text.contains("id=\"duties-ADM-PRACTICE-2025\""), "\(dash.text.prefix(400))")
            let section = dash.text.components(separatedBy: "id=\"duties-ADM-PRACTICE-2025\"")[1].components(separatedBy: "</section>")[0]
            #expect(section.contains("<tr class=\"hl-overdue\" data-state=\"overdue\"><td>2025 жылғы 8 шілде</td>"), "\(section)")
            #expect(section.contains("href=\"/practice/akimat-abai/procedures/P-1\">P-1 рәсімінің нұсқаулығын өзектендіру"), "\(section)")
            #expect(section.contains("ADM-PRACTICE-2025 13-тармақ") && section.contains("ADM-PRACTICE-2025 16-тармақ"), "citations in the page's words")
            #expect(section.contains("Абай ауданының әкімдігі"))
            #expect(section.contains("href=\"/practice/akimat-abai/report?period=2025-06\">Әділет министрлігіне жинақтау есебін ұсыну (2024 жылғы 1 желтоқсан – 2025 жылғы 31 мамыр кезеңі)"),
                    "periods in words, never as codes: \(section)")
            // The duties come before the public-service table (what expires first, first).
            #expect(dash.text.range(of: "duties-ADM-PRACTICE-2025")!.lowerBound < dash.text.range(of: "id=\"open-table\"")!.lowerBound)
            // A registrar does not read the registry: no section.
            let (registrar, _) = try await PagesTests.signIn(c, "registrar")
            #expect(!(try await c.call(.get, "/dashboard", headers: registrar)).text.contains("duties-ADM-PRACTICE-2025"))

            // §11 by quarter: first placed 21 Mar 2025 → due from 2025-Q2; Q2 reviewed, Q3 missed.
            let kb = try await c.call(.get, "/practice/akimat-abai/knowledge-base", headers: legal)
            #expect(kb.status == .ok, "\(kb.text.prefix(300))")
            #expect(kb.text.contains("<tr data-quarter=\"2025-Q2\" data-state=\"reviewed\"><th scope=\"row\">2025 жылғы II тоқсан</th>"), "\(kb.text)")
            #expect(kb.text.contains("data-quarter=\"2025-Q3\" data-state=\"missed\""))
            #expect(kb.text.contains("P-1 (1, 2025 жылғы 21 наурыз)") == false, "placed in Q1, before the first quarter shown")
            // §5.7 by year: 2025's one final case lost → 100 % against a target of 20 %: missed, drawn in red.
            let indicator = try await c.call(.get, "/practice/akimat-abai/indicator", headers: legal)
            #expect(indicator.status == .ok && indicator.text.contains("<svg") && indicator.text.contains("class=\"target\""), "\(indicator.text.prefix(300))")
            #expect(indicator.text.contains("<tr data-year=\"2025\" class=\"hl-overdue\"><th scope=\"row\">2025</th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">100</td>"),
                    "\(indicator.text)")
            #expect(indicator.text.contains("class=\"bar hi\"") && indicator.text.contains("2025: үлес 100\u{00A0}%, нысаналы көрсеткіш 20\u{00A0}%"))
            #expect(try await c.call(.get, "/practice/uap-astana/indicator", headers: legal).status == .notFound, "not its organization")
            // The body's page names quarters and periods in words.
            let page = try await c.call(.get, "/practice", headers: legal)
            #expect(page.text.contains("2025 жылғы III тоқсан") && !page.text.contains("<td>2025-Q3</td>"), "\(page.text.prefix(300))")
        }
    }
}

@Suite("ADM-PRACTICE-2025's forms: the legal service records what happened, in its language, never rewriting history")
struct PracticeFormTests {
    @Test func theLegalServiceKeepsItsRegistryThroughThePages() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            let (legal, csrf) = try await PagesTests.signIn(c, "legal")
            var headers = legal; headers.append(contentsOf: PagesTests.formHeaders)
            func post(_ path: String, _ form: String) async throws -> APIReply {
                try await c.call(.post, path, json: "csrf=\(csrf)&" + form, headers: headers)
            }
            func fieldError(_ r: APIReply, _ field: String) -> String? {
                r.text.firstMatch(of: try! Regex("id=\"pf-\(field)-error\">([^<]*)<")).map { String($0.output[1].substring ?? "") }
            }
            // No registry yet: the page offers to start one for the user's organization; the kind is required.
            let empty = try await c.call(.get, "/practice", headers: legal)
            #expect(empty.text.contains("id=\"start-form\"") && empty.text.contains("action=\"/practice/akimat-abai/start\""), "\(empty.text.prefix(300))")
            let noKind = try await post("/practice/akimat-abai/start", "kind=")
            #expect(noKind.status == .unprocessableContent && fieldError(noKind, "kind") == "Органның түрін таңдаңыз.", "\(noKind.text.prefix(200))")
            let started = try await post("/practice/akimat-abai/start", "kind=district")
            #expect(started.status == .seeOther && started.headers[.location] == "/practice?saved=1", "\(started)")
            #expect(try await post("/practice/akimat-abai/start", "kind=district").status == .unprocessableContent, "started once")
            // Another organization's registry is not this user's to start or keep.
            #expect(try await post("/practice/uap-astana/start", "kind=capital").status == .forbidden)

            // §8: a procedure listed; its id in the id alphabet; listed once.
            #expect(try await post("/practice/akimat-abai/procedures", "procedure_id=P-1&listed_on=2025-03-10&col_1=%D0%B6%D0%B5%D1%80").status == .seeOther)
            let badID = try await post("/practice/akimat-abai/procedures", "procedure_id=P%3C1%3E&listed_on=2025-03-10")
            #expect(badID.status == .unprocessableContent && fieldError(badID, "procedure_id") != nil)
            #expect(fieldError(try await post("/practice/akimat-abai/procedures", "procedure_id=P-1&listed_on=2025-03-10"), "procedure_id") == "Мұндай белгісі бар рәсім тізбеде бар.")
            // §9: a version; a date in the future refused next to its field; the same version name twice refused.
            let p1 = "/practice/akimat-abai/procedures/P-1"
            #expect(try await post(p1, "action=version&version=1&approved_on=2025-03-20&approver=head&row_7=10").status == .seeOther)
            let future = try await post(p1, "action=version&version=2&approved_on=2999-01-01&approver=head")
            #expect(future.status == .unprocessableContent && fieldError(future, "approved_on")?.hasPrefix("Болашақ күнді") == true, "\(future.text.prefix(200))")
            #expect(future.text.contains("value=\"2\""), "what was typed is kept")
            #expect(fieldError(try await post(p1, "action=version&version=1&approved_on=2025-04-01&approver=head"), "version") != nil)
            // §11: placed — not before its approval; §13: a change of the order.
            #expect(fieldError(try await post(p1, "action=place&version=1&placed_on=2025-03-19"), "place_on") != nil)
            #expect(try await post(p1, "action=place&version=1&placed_on=2025-03-21").status == .seeOther)
            #expect(try await post(p1, "action=change&changed_on=2025-04-06").status == .seeOther)
            #expect(try await post("/practice/akimat-abai/procedures/NOPE", "action=change&changed_on=2025-04-06").status == .notFound)
            // §11 reviews and §16 reports.
            #expect(try await post("/practice/akimat-abai/knowledge-base", "reviewed_on=2025-06-30").status == .seeOther)
            #expect(fieldError(try await post("/practice/akimat-abai/knowledge-base", "reviewed_on=2025-06-30"), "reviewed_on") == "Бұл күн бұрын тіркелген.")
            #expect(fieldError(try await post("/practice/akimat-abai/knowledge-base", "reviewed_on=30.06.2025"), "reviewed_on") != nil)
            #expect(try await post("/practice/akimat-abai/report", "period=2025-06&submitted_on=2025-06-10").status == .seeOther)
            let twice = try await post("/practice/akimat-abai/report", "period=2025-06&submitted_on=2025-06-11")
            #expect(twice.status == .unprocessableContent && twice.text.contains("id=\"form-notice\">Бұл күн бұрын тіркелген."), "submitted once")

            // App.3: a case filed, its first-instance decision (lost) with the day it entered into force, then the measures.
            let filed = "action=case&case_id=3-101%2F2025&field=land&procedure=P-1&filed_on=2025-01-15&act_name=resolution&act_content=refusal"
                + "&act_adopted_on=2024-11-01&pretrial_held=yes&pretrial_by=akim&pretrial_act=answer&pretrial_reason=no+grounds&claim=annul"
            #expect(try await post("/practice/akimat-abai/cases", filed).status == .seeOther)
            #expect(fieldError(try await post("/practice/akimat-abai/cases", filed), "case_id") != nil, "filed once")
            #expect(fieldError(try await post("/practice/akimat-abai/cases", "case=3-101%2F2025&action=decision&instance=appeal&decided_on=2025-03-01&outcome=for_body"),
                               "instance") != nil, "an appeal needs a first-instance decision")
            let decided = "case=3-101%2F2025&action=decision&instance=first&case_number=2-1&decided_on=2025-03-01&outcome=against_body&decision_content=annulled&in_force_on=2025-04-02"
            #expect(fieldError(try await post("/practice/akimat-abai/cases", decided.replacingOccurrences(of: "2025-04-02", with: "2025-02-01")), "in_force_on") != nil)
            #expect(try await post("/practice/akimat-abai/cases", decided).status == .seeOther)
            #expect(fieldError(try await post("/practice/akimat-abai/cases", decided), "instance") == "Бұл сатының шешімі бұрын тіркелген: ол өзгертілмейді.")
            let lost = try await c.get("/api/v1/practice/bodies/akimat-abai?asOf=2025-11-20", as: .inspector)
            #expect(lost.text.contains("\"subject\": \"3-101/2025\", \"code\": \"lost_case_measures_missing\""), "\(lost.text.prefix(300))")
            #expect(try await post("/practice/akimat-abai/cases", "case=3-101%2F2025&action=measures&annulment_reasons=no+hearing&preventive_measures=training"
                                   + "&cause_measures=order+amended&ruling_content=ruling&ruling_action=answered").status == .seeOther)
            let app3 = try await c.call(.get, "/practice/akimat-abai/cases", headers: legal)
            #expect(app3.text.contains("data-case=\"3-101/2025\"") && app3.text.contains("order amended") && app3.text.contains("id=\"decision-form\""), "\(app3.text.prefix(300))")

            // §5.7: a target; a comma before the decimals; more than 100 refused.
            #expect(fieldError(try await post("/practice/akimat-abai/indicator", "year=2025&percent=150"), "percent") != nil)
            #expect(fieldError(try await post("/practice/akimat-abai/indicator", "year=2019&percent=10"), "year") != nil)
            #expect(try await post("/practice/akimat-abai/indicator", "year=2025&percent=12%2C5").status == .seeOther)

            // What the forms stored is the registry the route reads and judges: §13's update due 8 Jul 2025, never made.
            let got = try await c.get("/api/v1/practice/bodies/akimat-abai?asOf=2025-11-20", as: .inspector)
            #expect(got.status == .ok && got.text.contains("\"code\": \"actualization_term_breach\""), "\(got.text.prefix(400))")
            #expect(!got.text.contains("\"code\": \"lost_case_measures_missing\"") && !got.text.contains("\"code\": \"court_case_incomplete\""), "App.3 complete")
            // The 2025 target, set after 2025 ended, is judged as set, with its warning (asOf 2026-01-15).
            let year = try await c.get("/api/v1/practice/bodies/akimat-abai?asOf=2026-01-15", as: .inspector)
            #expect(year.text.contains("\"targetPercent\": 12.5") && year.text.contains("\"subject\": \"2025\", \"code\": \"recorded_after_term\""), "\(year.text)")
            // Entered through the forms today, long after the terms they meet: each still counts, with its warning.
            #expect(!got.text.contains("\"code\": \"report_term_breach\""), "the report submitted on its due day is on time")
            #expect(got.text.contains("\"subject\": \"2025-06\", \"code\": \"recorded_after_term\"")
                    && got.text.contains("\"subject\": \"2025-Q2\", \"code\": \"recorded_after_term\""), "\(got.text)")
            let stored = try #require(try await h.store.practiceBodies(ids: ["akimat-abai"]).first?.json)
            #expect(stored.contains("\"knowledgeBaseReviews\":[\"2025-06-30\"]") && stored.contains("\"placedOn\":\"2025-03-21\"") && stored.contains("\"orderChanges\":[\"2025-04-06\"]"), "\(stored)")
            // Each form is one audited write; an inspector reads but keeps nothing.
            let writes = try await h.audit().filter { $0.action.hasPrefix("practice.body.") }
            #expect(writes.count == 11 && writes.first?.action == "practice.body.create", "\(writes.map(\.action))")
            #expect(try await h.auditIsWhole())
            let (inspector, inspectorCSRF) = try await PagesTests.signIn(c, "inspector")
            var ih = inspector; ih.append(contentsOf: PagesTests.formHeaders)
            #expect(try await c.call(.post, "/practice/akimat-abai/knowledge-base", json: "csrf=\(inspectorCSRF)&reviewed_on=2025-09-30", headers: ih).status == .forbidden)
            #expect(!(try await c.call(.get, "/practice/akimat-abai/knowledge-base", headers: inspector)).text.contains("id=\"kb-form\""), "no form for a reader")
            // A form without the session's CSRF token is refused.
            #expect(try await c.call(.post, "/practice/akimat-abai/knowledge-base", json: "csrf=0&reviewed_on=2025-09-30", headers: headers).status == .forbidden)
        }
    }
}

@Suite("A feature's demo logins")
struct FeatureDemoLoginTests {
    @Test("the demo creates the legal service's login the practice feature declares, with its organization")
    func legalServiceLogin() async throws {
        let logins = Demo.logins(features: APIFixtures.features)
        #expect(logins.contains { $0.username == "legal" } && logins.count == Demo.logins.count + APIFixtures.features.flatMap(\.demoLogins).count)
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
