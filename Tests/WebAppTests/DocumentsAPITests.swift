import Foundation
import LegalCore
import Testing
import WebKit

/// MODEL-REG-2008 over HTTP (docs/reference/documents.md "HTTP") and on its pages: a body's register written once per item,
/// every later event a new dated fact (never an overwrite), each unit's head reading only its unit, a fact entered after
/// its term still counting but marked, and the pages counting the same terms as the findings.
@Suite("MODEL-REG-2008 over HTTP and on its pages")
struct DocumentsAPITests {
    static let service = Role(rawValue: "documentation_service"), head = Role(rawValue: "unit_head")
    static let body = "ministry-culture", legal = "ministry-culture-legal"
    static let q = "?body=ministry-culture"

    @Test func recordExtendJudgeAndSee() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            // The body's first stored state: its settings, taken as they stand.
            #expect(try await c.post("/api/v1/documents/settings" + Self.q, #"{"controlServiceSince": "2016-01-04"}"#, as: Self.service).status == .created)
            // A controlled document of the legal department: received 12 Apr 2016, due 12 May (30 days: the 11+ band).
            let k1 = #"{"id": "K-1", "kind": "instruction", "receivedOn": "2016-04-12", "term": "2016-05-12", "unit": "ministry-culture-legal"}"#
            #expect(try await c.post("/api/v1/documents/controlled" + Self.q, k1, as: Self.service).status == .created)
            #expect(try await c.post("/api/v1/documents/controlled" + Self.q, k1, as: Self.service).status == .conflict, "an item is written once")
            #expect(try await c.post("/api/v1/documents/controlled?body=akimat-elsewhere", k1, as: Self.service).status == .forbidden, "another body's register")
            #expect(try await c.post("/api/v1/documents/controlled" + Self.q, k1, as: .inspector).status == .forbidden, "inspectors read")
            let unknownUnit = try await c.post("/api/v1/documents/controlled" + Self.q, k1.replacingOccurrences(of: "K-1", with: "K-9").replacingOccurrences(of: "ministry-culture-legal", with: "nowhere"), as: Self.service)
            #expect(unknownUnit.status == .unprocessableContent && unknownUnit.error?.path == "$.unit", "\(unknownUnit)")
            let backwards = try await c.post("/api/v1/documents/controlled" + Self.q, k1.replacingOccurrences(of: "K-1", with: "K-8").replacingOccurrences(of: "2016-05-12", with: "2016-04-01"), as: Self.service)
            #expect(backwards.status == .unprocessableContent && backwards.error?.path.hasPrefix("$.") == true, "a term before receipt, its path from the item: \(backwards)")

            // As of 1 June 2016, not executed: the control term missed, and §36's draft reply never came.
            let open = try await c.get("/api/v1/documents/items/K-1\(Self.q)&asOf=2016-06-01", as: .inspector)
            #expect(open.status == .ok, "\(open)")
            for code in ["control_term_missed", "late_to_leadership", "late_to_first_head"] { #expect(open.text.contains("\"code\": \"\(code)\""), "\(code): \(open.text)") }

            // An extension granted before the term and an execution within it, both entered now (years after): they
            // count — the finding goes — but each is marked for the inspector, citing the term's paragraph.
            let ext = try await c.post("/api/v1/documents/items/K-1/facts" + Self.q, #"{"extensions": [{"to": "2016-06-10", "grantedOn": "2016-05-10"}]}"#, as: Self.service)
            #expect(ext.status == .created && ext.text.contains("\"fact\": 1"), "\(ext)")
            #expect(try await c.post("/api/v1/documents/items/K-1/facts" + Self.q, #"{"executedOn": "2016-06-01"}"#, as: Self.service).status == .created)
            let overwrite = try await c.post("/api/v1/documents/items/K-1/facts" + Self.q, #"{"executedOn": "2016-05-01"}"#, as: Self.service)
            #expect(overwrite.status == .conflict && overwrite.error?.path == "$.executedOn", "a fact never changes another: \(overwrite)")
            #expect(try await c.post("/api/v1/documents/items/K-1/facts" + Self.q, #"{"id": "K-2"}"#, as: Self.service).status == .unprocessableContent)
            #expect(try await c.post("/api/v1/documents/items/NOPE/facts" + Self.q, #"{"executedOn": "2016-06-01"}"#, as: Self.service).status == .notFound)
            let later = try await c.get("/api/v1/documents/items/K-1\(Self.q)&asOf=2016-07-01", as: .inspector)
            #expect(later.status == .ok && !later.text.contains("\"code\": \"control_term_missed\""), "\(later.text)")
            let marked = later.text.components(separatedBy: "\"code\": \"recorded_after_term\"").count - 1
            #expect(marked == 2, "the extension (entered after 12 May) and the execution (after 10 June): \(later.text)")
            #expect(later.text.contains("MODEL-REG-2008 §34") && later.text.contains("\"severity\": \"warning\""))
            #expect(later.text.contains(#""extensions":[{"to":"2016-06-10","grantedOn":"2016-05-10"}]"#), "the item with its facts: \(later.text)")

            // §34: a weekly list entered now for a week of 2016 counts, marked; the weeks without one are missed.
            #expect(try await c.post("/api/v1/documents/lists" + Self.q, #"{"id": "L-1", "on": "2016-01-08"}"#, as: Self.service).status == .created)
            let lists = try await c.get("/api/v1/documents/findings\(Self.q)&asOf=2016-01-31&section=controlService", as: .inspector)
            #expect(lists.status == .ok && lists.text.contains("\"recorded_after_term\"") && lists.text.contains("\"weekly_list_missing\""), "\(lists.text)")
            #expect(lists.text.contains("\"period\": \"2016-01-04\"") && lists.text.contains("\"period\": \"2016-01-11\""))
            #expect(try await c.get("/api/v1/documents/findings?code=nope", as: .inspector).status == .badRequest)

            // The head of the legal department reads its unit's items, not another's.
            #expect(try await c.post("/api/v1/organizations", #"{"id": "ministry-culture-arts", "name": "Өнер істері департаменті"}"#, as: .admin).status.code < 300)
            #expect(try await c.post("/api/v1/documents/controlled" + Self.q, #"{"id": "K-ARTS", "kind": "internal", "receivedOn": "2016-04-12", "term": "2016-05-12", "unit": "ministry-culture-arts"}"#, as: Self.service).status == .created)
            #expect(try await c.get("/api/v1/documents/items/K-1\(Self.q)", as: Self.head).status == .ok)
            #expect(try await c.get("/api/v1/documents/items/K-ARTS\(Self.q)", as: Self.head).status == .notFound)
            let heads = try await c.get("/api/v1/documents/findings?asOf=2016-06-01", as: Self.head)
            #expect(heads.status == .ok && !heads.text.contains("K-ARTS") && !heads.text.contains("weekly_list_missing"), "\(heads.text)")
            #expect(try await h.auditIsWhole())

            // The pages: the item with its terms counted and its record; the week's control list; in Russian too.
            let (docs, csrf) = try await PagesTests.signIn(c, "docs")
            let item = try await c.call(.get, "/documents/items/K-1?body=ministry-culture&day=2016-07-01", headers: docs)
            #expect(item.status == .ok && !item.text.contains("⟦"), "\(item.text.prefix(600))")
            #expect(item.text.contains("data-due=\"2016-06-10\"") && item.text.contains("data-code=\"recorded_after_term\"") && item.text.contains("id=\"extensions\""), "\(item.text)")
            let week = try await c.call(.get, "/documents/control?body=ministry-culture&day=2016-05-11", headers: docs)
            #expect(week.status == .ok && week.text.contains("data-term=\"2016-06-10\"") && !week.text.contains("⟦"), "\(week.text)")
            let book = try await c.call(.get, "/documents/control.xlsx?body=ministry-culture&day=2016-05-11", headers: docs)
            #expect(book.status == .ok && book.bytes.prefix(2) == [0x50, 0x4B], "a zip")
            // The days are dates a spreadsheet can sort: K-1's term, 10 June 2016, is serial day 42 531.
            let sheet = String(decoding: try #require(try ZipReader.entries(Array(book.bytes))["xl/worksheets/sheet1.xml"]), as: UTF8.self)
            #expect(sheet.contains(" s=\"2\"><v>42531</v>"), "\(sheet)")
            var headers = docs; headers.append(contentsOf: PagesTests.formHeaders)
            _ = try await c.call(.post, "/language", json: "csrf=\(csrf)&lang=ru&next=%2Fdocuments", headers: headers)
            let ru = try await c.call(.get, "/documents/items/K-1?body=ministry-culture&day=2016-07-01", headers: docs)
            #expect(ru.text.contains("10 июня 2016") && ru.text.contains("факт внесён после истечения срока"), "\(ru.text)")
            let (head, _) = try await PagesTests.signIn(c, "head")
            #expect(try await c.call(.get, "/documents/items/K-ARTS?body=ministry-culture", headers: head).status == .notFound)
            #expect(try await c.call(.get, "/documents?day=2016-05-11", headers: head).status == .ok)
            let badDay = try await c.call(.get, "/documents?day=2016-13-40", headers: docs)
            #expect(badDay.status == .badRequest && !badDay.text.contains("⟦"))
            // A day the calendar does not hold: said in the reader's words with the years it holds, no instant, no English.
            let uncovered = try await c.call(.get, "/documents?day=2008-05-01", headers: docs)
            #expect(uncovered.status == .unprocessableContent && uncovered.text.contains("data-code=\"calendar_not_covered\"")
                    && uncovered.text.contains("\(APIFixtures.calendar.firstYear)–\(APIFixtures.calendar.lastYear)") && !uncovered.text.contains("outside the years"), "\(uncovered.text.prefix(800))")
        }
    }

    /// The registration desk: a letter from the Prime Minister's Office at 19:30 is inside its window (until 20:00);
    /// an ordinary sender's at 17:30 is accepted the next working day at 09:00 — and the 2-hour clock runs from there.
    @Test func theDeskShowsTheWindowAndTheClocks() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            // Friday 15 April 2016.
            #expect(try await c.post("/api/v1/documents/incoming" + Self.q, #"{"id": "IN-PM", "sender": "pm_office", "arrivedAt": "2016-04-15T19:30:00+06:00"}"#, as: Self.service).status == .created)
            #expect(try await c.post("/api/v1/documents/incoming" + Self.q, #"{"id": "IN-LATE", "sender": "other", "arrivedAt": "2016-04-15T17:30:00+06:00"}"#, as: Self.service).status == .created)
            let (docs, _) = try await PagesTests.signIn(c, "docs")
            let friday = try await c.call(.get, "/documents?body=ministry-culture&day=2016-04-15&time=20:45", headers: docs)
            #expect(friday.status == .ok && friday.text.contains("data-letter=\"IN-PM\"") && friday.text.contains("09:00–20:00"), "\(friday.text)")
            #expect(friday.text.contains("data-clock=\"due_next\""), "the PM Office's letter: 2 hours from 19:30, running at 20:45")
            // Monday 18 April, 10:00: the late letter accepted at 09:00 has its clock running until 11:00.
            let monday = try await c.call(.get, "/documents?body=ministry-culture&day=2016-04-18&time=10:00", headers: docs)
            #expect(monday.text.contains("data-letter=\"IN-LATE\"") && monday.text.contains("2016 жылғы 18 сәуір, 09:00") && monday.text.contains("11:00 дейін"), "\(monday.text)")
            let noon = try await c.call(.get, "/documents?body=ministry-culture&day=2016-04-18&time=12:00", headers: docs)
            #expect(noon.text.contains("data-clock=\"overdue\""), "past 11:00 and not delivered")
        }
    }

    /// A new install has no register: the documentation service opens its own body's empty desk and registers the
    /// first letter there; a reader of every body is told there is none yet (a page, not an error).
    @Test func theFirstLetterOfANewRegisterIsRecordedAtTheDesk() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            let (inspector, _) = try await PagesTests.signIn(c, "inspector")
            let none = try await c.call(.get, "/documents", headers: inspector)
            #expect(none.status == .ok && none.text.contains("бірде-бір органның құжаттар тізілімі жоқ"), "\(none.status) \(none.text.prefix(300))")
            let (docs, csrf) = try await PagesTests.signIn(c, "docs")
            let desk = try await c.call(.get, "/documents", headers: docs)
            #expect(desk.status == .ok && desk.text.contains("name=\"sender\""), "the empty desk has the letter form: \(desk.status)")
            var headers = docs; headers.append(contentsOf: PagesTests.formHeaders)
            let first = try await c.call(.post, "/documents/letters", json: "csrf=\(csrf)&body=ministry-culture&id=IN-1&sender=other&arrived_day=2016-04-15&arrived_time=10:00",
                                         headers: headers)
            #expect(first.status == .seeOther || first.status == .found, "\(first)")
            let after = try await c.call(.get, "/documents?body=ministry-culture&day=2016-04-15", headers: docs)
            #expect(after.status == .ok && after.text.contains("data-letter=\"IN-1\""))
        }
    }

    /// The documentation service's forms: a letter registered at the desk, its delivery recorded on its page, a document
    /// put on control — each refusal said in Kazakh next to its field with what was typed kept, nothing written then.
    @Test func theFormsRegisterAndRecordThroughTheSameRules() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            #expect(try await c.post("/api/v1/documents/settings" + Self.q, #"{"controlServiceSince": "2016-01-04"}"#, as: Self.service).status == .created)
            let (docs, csrf) = try await PagesTests.signIn(c, "docs")
            var headers = docs; headers.append(contentsOf: PagesTests.formHeaders)
            func post(_ path: String, _ form: String) async throws -> APIReply {
                try await c.call(.post, path, json: "csrf=\(csrf)&body=ministry-culture&" + form, headers: headers)
            }
            // No time: refused next to the field, the number typed kept.
            let noTime = try await post("/documents/letters", "id=%D0%92%D0%A5-1&sender=parliament&arrived_day=2016-04-15&arrived_time=")
            #expect(noTime.status == .unprocessableContent && noTime.text.contains("id=\"df-arrived_time-error\"") && noTime.text.contains("value=\"ВХ-1\""), "\(noTime.text.prefix(400))")
            #expect(noTime.text.contains("Уақытты көрсетіңіз"))
            let future = try await post("/documents/letters", "id=X-1&sender=parliament&arrived_day=2999-01-01&arrived_time=10:00")
            #expect(future.status == .unprocessableContent && future.text.contains("df-arrived_day-error"))
            let noCSRF = try await c.call(.post, "/documents/letters", json: "body=ministry-culture&id=X-2&sender=other&arrived_day=2016-04-15&arrived_time=10:00", headers: headers)
            #expect(noCSRF.status == .forbidden)
            // Registered: Friday 15 April 2016 at 19:30, from Parliament; back on the desk of that day.
            let ok = try await post("/documents/letters", "id=%D0%92%D0%A5-1&sender=parliament&arrived_day=2016-04-15&arrived_time=19:30&addressee=unit")
            #expect(ok.status == .seeOther || ok.status == .found, "\(ok)")
            #expect(ok.headers[.location]?.contains("day=2016-04-15") == true && ok.headers[.location]?.contains("saved=1") == true)
            let stored = try await c.get("/api/v1/documents/items/%D0%92%D0%A5-1\(Self.q)&asOf=2016-04-15T20:00:00%2B06:00", as: .inspector)
            #expect(stored.text.contains(#""arrivedAt":"2016-04-15T19:30:00+06:00""#) && stored.text.contains(#""addressee":"unit""#), "\(stored.text)")
            #expect(try await post("/documents/letters", "id=%D0%92%D0%A5-1&sender=other&arrived_day=2016-04-15&arrived_time=10:00").status == .unprocessableContent, "the number is taken")
            // Delivered at 21:00: recorded on its page, and offered no more.
            let delivered = try await post("/documents/items/%D0%92%D0%A5-1/facts", "field=deliveredAt&day=2016-04-15&time=21:00")
            #expect(delivered.status == .seeOther || delivered.status == .found, "\(delivered)")
            let page = try await c.call(.get, "/documents/items/%D0%92%D0%A5-1?body=ministry-culture&day=2016-04-20", headers: docs)
            #expect(page.status == .ok && !page.text.contains("option value=\"deliveredAt\"") && page.text.contains("option value=\"reviewedAt\""), "\(page.text)")
            let again = try await post("/documents/items/%D0%92%D0%A5-1/facts", "field=deliveredAt&day=2016-04-16&time=10:00")
            #expect(again.status == .unprocessableContent && again.text.contains("form-notice"), "a fact never changes another")
            // A document on control with its term before receipt: refused next to the term.
            let backwards = try await post("/documents/control", "id=K-9&kind=instruction&received=2016-04-12&term=2016-04-01")
            #expect(backwards.status == .unprocessableContent && backwards.text.contains("df-term-error"), "\(backwards.text.prefix(300))")
            let put = try await post("/documents/control", "id=K-9&kind=instruction&received=2016-04-12&term=2016-05-12&executor=%D0%90%D1%85%D0%BC%D0%B5%D1%82%D0%BE%D0%B2%D0%B0")
            #expect(put.status == .seeOther || put.status == .found, "\(put)")
            let extended = try await post("/documents/items/K-9/facts", "field=extensions&day=2016-05-10&ext_to=2016-06-10")
            #expect(extended.status == .seeOther || extended.status == .found, "\(extended)")
            let k9 = try await c.get("/api/v1/documents/items/K-9\(Self.q)", as: .inspector)
            #expect(k9.text.contains(#""extensions":[{"to":"2016-06-10","grantedOn":"2016-05-10"}]"#) && k9.text.contains("Ахметова"), "\(k9.text)")
            // The head of a unit reads; he has no forms, and their routes refuse him.
            let (head, headCSRF) = try await PagesTests.signIn(c, "head")
            var headHeaders = head; headHeaders.append(contentsOf: PagesTests.formHeaders)
            #expect(try await c.call(.post, "/documents/control", json: "csrf=\(headCSRF)&body=ministry-culture&id=K-10&kind=internal&received=2016-04-12&term=2016-05-12", headers: headHeaders).status == .forbidden)
            #expect(try await h.auditIsWhole())
        }
    }
}
