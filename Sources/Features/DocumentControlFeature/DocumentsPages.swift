import DocumentControl
import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import NIOCore
import WebKit
import WorkCalendar

/// MODEL-REG-2008's pages, in the user's language, over the same use case as the routes (`DocumentsAPI.judged`): the
/// registration desk (each letter's arrival → window → acceptance → receipt day, the 2-hour and 2-day clocks) with the
/// terms running out; the §34 weekly control list (printable, XLSX); the register by section and month; an item with its
/// record, its terms and how each was counted; the collegium's quorum and votes.
struct DocumentsPages: Sendable {
    let kit: PageKit
    let api: DocumentsAPI

    func register(_ router: Router<AppContext>) {
        let read = DocumentsAPI.listFindings
        router.get("documents") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.orEmpty(v) { try await self.desk(req, v, .init(req)) } } }
        router.get("documents/control") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.orEmpty(v) { try await self.control(req, v, xlsx: false, .init(req)) } } }
        router.get("documents/control.xlsx") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.orEmpty(v) { try await self.control(req, v, xlsx: true, .init(req)) } } }
        router.get("documents/register") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.orEmpty(v) { try await self.registerPage(req, v) } } }
        router.get("documents/items/{id}") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.orEmpty(v) { try await self.item(req, ctx, v, .init(req)) } } }
        router.get("documents/collegium") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.orEmpty(v) { try await self.collegium(req, v) } } }
        DocumentsForms(pages: self).register(router)
    }

    /// What every page stands on: the body, the moment (its local day and offset), the register as known then, judged.
    struct Scope {
        var body: String
        var bodyName: String
        var bodies: [[String: Any]]
        var day: LocalDate
        var at: Instant
        var chosen: Bool
        var zone: ZoneTable.Resolved
        var input: DocumentsInput
        var result: DocumentsResult
        var items: [DocumentsStore.Item]
        /// Organizations' names by id, and the units items can belong to.
        var names: [String: String]
        var units: [(id: String, name: String)]
        /// The query string that keeps the body and the moment on every link.
        var query: String
    }

    func t(_ key: String, _ v: Viewer) -> String { kit.i18n.t(key, v.lang) }

    /// No body the viewer reads has a register, and the viewer has no body of their own to start one.
    struct NoRegister: Error {}

    /// The page, or — when there is no register to show — a page saying so (an empty register is no error).
    func orEmpty(_ v: Viewer, _ page: () async throws -> Response) async throws -> Response {
        do { return try await page() } catch is NoRegister {
            return kit.emptyPage(v, title: t("documents_title", v), message: t("documents_no_register", v))
        }
    }

    /// `?body=` (else the first body the viewer reads, else the viewer's own body with an empty register), `?day=` and `?time=` (else the register's last day of work, never
    /// after today or the decree's last day in force: the decree is repealed, a register is reviewed as it stood).
    func scope(_ req: Request, _ v: Viewer) async throws -> Scope {
        let q = req.uri.queryParameters
        func text(_ k: String) -> String? { q[Substring(k)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        let visible = try await api.bodies(v.id)
        let body: String
        if let b = text("body") {
            let own = DocumentsAPI.scope(v.id)?.contains(b) ?? false   // the viewer's own body, even with an empty register
            guard RecordID.problem(b) == nil, visible.contains(b) || own else { throw APIError.notFound(t("documents_no_body", v), path: "body") }
            body = b
        } else if let first = visible.first {
            body = first
        } else if let own = DocumentsAPI.scope(v.id)?.sorted().first {
            body = own   // the viewer's own body, whose register starts empty: its first letter is recorded here
        } else {
            throw NoRegister()
        }
        let (all, items) = try await api.registry(body)
        let zone = try api.calendar.zones.resolve(all.schedule.timeZone)
        let today = try Today.of(api.calendar).day
        var day: LocalDate
        var chosen = false
        if let d = text("day") {
            guard let parsed = LocalDate(d), parsed.year >= 2000, parsed.year <= 9998 else { throw APIError.invalid(t("documents_bad_date", v), path: "day") }
            // A day the calendar does not hold cannot be counted: said in the reader's words, with the years it holds.
            guard parsed.year >= api.calendar.firstYear, parsed <= api.calendar.lastDay else {
                throw APIError.rule(t("documents_day_not_covered", v).replacingOccurrences(of: "{first}", with: String(api.calendar.firstYear))
                    .replacingOccurrences(of: "{last}", with: String(api.calendar.lastYear)), path: "day", code: "calendar_not_covered")
            }
            day = parsed; chosen = true
        } else {
            day = min(today, Self.lastDay, Self.lastWork(all, zone) ?? Self.lastDay)
        }
        var minutes = 23 * 60 + 59
        if let time = text("time") {
            guard let tod = TimeOfDay(time) else { throw APIError.invalid(t("documents_bad_time", v), path: "time") }
            minutes = tod.minutes
        }
        let at = zone.instant(day, second: minutes * 60 + (text("time") == nil ? 59 : 0))
        let input = all.known(at: at, day: day)
        let result = try DocumentsAPI.evaluated(input, calendar: api.calendar)
        let organizations = try await api.store.organizations()
        let names = try await api.store.organizationNames(lang: v.lang.rawValue)
        var query = "body=\(PageKit.segment(body))&day=\(day)"
        if let time = text("time") { query += "&time=" + (time.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
        return Scope(body: body, bodyName: names[body] ?? body,
                     bodies: visible.map { ["id": $0, "name": names[$0] ?? $0, "selected": $0 == body] },
                     day: day, at: at, chosen: chosen, zone: zone, input: input, result: result, items: items, names: names,
                     units: organizations.filter { $0.kind == "unit" && $0.id != body }.map { ($0.id, names[$0.id] ?? $0.name) }, query: query)
    }

    /// The decree's last day in force (repealed on 14 Mar 2019).
    static let lastDay = LocalDate(year: 2019, month: 3, day: 13)!

    /// The register's last day of work: its latest arrival, receipt or meeting.
    static func lastWork(_ input: DocumentsInput, _ zone: ZoneTable.Resolved) -> LocalDate? {
        let dates = input.controlled.map(\.receivedOn) + input.drafts.map(\.receivedOn) + input.outgoing.map(\.signedOn)
            + (input.collegium?.meetings.map(\.on) ?? []) + (input.controlService?.weeklyLists ?? [])
        let arrivals = input.incoming.map { $0.arrivedAt.localDate(offsetSeconds: zone.offset($0.arrivedAt.secondsSinceEpoch)) }
        return (dates + arrivals).max()
    }

    /// The common part of every page's context.
    func base(_ v: Viewer, _ s: Scope, title: String) -> [String: Any] {
        var c = kit.base(v, title: title)
        c["body"] = s.body; c["body_name"] = s.bodyName; c["bodies"] = s.bodies; c["many_bodies"] = s.bodies.count > 1
        c["day"] = kit.date(s.day, v.lang); c["day_value"] = s.day.description; c["query"] = s.query
        c["default_note"] = !s.chosen
        // The collegium is the body's, not a unit's: its link only for those who read the whole body.
        c["sees_body"] = DocumentsAPI.sees(v.id, body: s.body, unit: nil)
        return c
    }

    func clock(_ i: Instant?, _ s: Scope, _ v: Viewer) -> String {
        guard let i else { return "—" }
        return kit.i18n.longDateTime(seconds: i.secondsSinceEpoch, offsetSeconds: s.zone.offset(i.secondsSinceEpoch), v.lang)
    }

    func time(_ i: Instant, _ s: Scope) -> String {
        let local = i.secondsSinceEpoch + Int64(s.zone.offset(i.secondsSinceEpoch))
        let minutes = Int(((local % 86_400) + 86_400) % 86_400) / 60
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    func unitOf(_ s: Scope) -> [String: String?] { Dictionary(s.items.map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a }) }

    func sees(_ v: Viewer, _ s: Scope, _ id: String, units: [String: String?]) -> Bool {
        DocumentsAPI.sees(v.id, body: s.body, unit: units[id] ?? nil)
    }

    func itemHref(_ id: String, _ s: Scope) -> String { "/documents/items/\(PageKit.segment(id))?\(s.query)" }

    // MARK: the desk

    /// The registration desk of a day: every letter that arrived or was accepted that day, with its window, acceptance,
    /// receipt day and the clocks of §16 (2 hours) and §15 (2 working days) as they stand at the chosen moment; then the
    /// terms running out — due that day or the next working day — and those past due and not done.
    func desk(_ req: Request, _ v: Viewer, _ form: DocumentsForms.State) async throws -> Response {
        let s = try await scope(req, v)
        let units = unitOf(s)
        var c = base(v, s, title: t("documents_title", v))
        try forms(&c, v, s, form, route: DocumentsAPI.addItem(.incoming))
        c["senders"] = Sender.allCases.map { ["value": $0.rawValue, "label": t("documents_sender_" + $0.rawValue, v), "selected": c["v_sender"] as? String == $0.rawValue] }
        c["details"] = Incoming.Detail.allCases.map { ["value": $0.rawValue, "label": t("documents_detail_" + $0.rawValue, v)] }
        c["addressees"] = Incoming.Addressee.allCases.map { ["value": $0.rawValue, "label": t("documents_value_" + $0.rawValue, v), "selected": c["v_addressee"] as? String == $0.rawValue] }
        c["time_field"] = true
        c["time_value"] = req.uri.queryParameters["time"].map(String.init) ?? ""
        c["moment"] = clock(s.at, s, v)
        var letters: [[String: Any]] = []
        for l in s.input.incoming where sees(v, s, l.id, units: units) {
            let intake: Intake
            do { intake = try Documents.intake(of: l, schedule: s.input.schedule, calendar: api.calendar) } catch { continue }
            let arrivalDay = l.arrivedAt.localDate(offsetSeconds: s.zone.offset(l.arrivedAt.secondsSinceEpoch))
            guard arrivalDay == s.day || intake.receiptDay == s.day else { continue }
            letters.append(letterRow(l, intake, s, v))
        }
        c["letters"] = letters.sorted { ($0["sort"] as? Int64 ?? 0) < ($1["sort"] as? Int64 ?? 0) }
        c["no_letters"] = letters.isEmpty
        c["terms"] = runningOut(s, v, units: units)
        c["no_terms"] = (c["terms"] as? [Any])?.isEmpty ?? true
        return kit.render("documents", c)
    }

    /// A letter at the desk: its intake and its clocks at the scope's moment.
    func letterRow(_ l: Incoming, _ intake: Intake, _ s: Scope, _ v: Viewer) -> [String: Any] {
        let now = s.at
        func state(due: Instant, done: Instant?) -> (String, String) {
            if let done {
                let late = done > due ? Int((done.secondsSinceEpoch - due.secondsSinceEpoch + 59) / 60) : 0
                return late > 0 ? ("overdue", t("documents_clock_late", v).replacingOccurrences(of: "{n}", with: String(late)))
                                : ("met", t("documents_clock_done", v))
            }
            if now > due { return ("overdue", t("documents_clock_overdue", v)) }
            let left = Int((due.secondsSinceEpoch - now.secondsSinceEpoch) / 60)
            return ("due_next", t("documents_clock_left", v).replacingOccurrences(of: "{h}", with: String(left / 60)).replacingOccurrences(of: "{m}", with: String(left % 60)))
        }
        let (hState, hText) = l.returnedAt != nil ? ("met", t("documents_returned", v)) : state(due: intake.twoHoursDue, done: l.deliveredAt)
        let deliveredDay = l.deliveredAt.map { $0.localDate(offsetSeconds: s.zone.offset($0.secondsSinceEpoch)) }
        let dState: (String, String)
        if l.returnedAt != nil { dState = ("met", t("documents_returned", v)) }
        else if let d = deliveredDay { dState = d > intake.deliveryDue ? ("overdue", t("documents_day_late", v)) : ("met", t("documents_clock_done", v)) }
        else { dState = s.day > intake.deliveryDue ? ("overdue", t("documents_clock_overdue", v)) : ("due_next", t("documents_day_running", v)) }
        let window = intake.window.map { String(format: "%02d:%02d–%02d:%02d", $0.lowerBound / 60, $0.lowerBound % 60, $0.upperBound / 60, $0.upperBound % 60) }
        var row: [String: Any] = [
            "id": l.id, "href": itemHref(l.id, s), "sender": t("documents_sender_" + l.sender.rawValue, v), "arrived": clock(l.arrivedAt, s, v),
            "window": window ?? t("documents_no_window", v), "in_window": intake.inWindow,
            "accepted": clock(intake.acceptedAt, s, v), "receipt": kit.date(intake.receiptDay, v.lang),
            "two_hours_due": t("documents_until", v).replacingOccurrences(of: "{x}", with: time(intake.twoHoursDue, s)), "two_hours_state": hState, "two_hours_text": hText,
            "delivery_due": t("documents_until", v).replacingOccurrences(of: "{x}", with: kit.date(intake.deliveryDue, v.lang)), "delivery_state": dState.0, "delivery_text": dState.1,
            "delivered": clock(l.deliveredAt, s, v), "sort": l.arrivedAt.secondsSinceEpoch,
        ]
        row.put("urgent", l.urgent ? true : nil)
        return row
    }

    /// The open terms at the scope's moment — controlled documents' (§32, §34, §36) and drafts' (§22–26) — past due, due
    /// that day, the next working day or within the week, soonest first (the same terms the evaluation judges).
    func runningOut(_ s: Scope, _ v: Viewer, units: [String: String?]) -> [[String: Any]] {
        let next = (try? api.calendar.addWorkingDays(s.day, 1)) ?? s.day.adding(days: 1)
        let horizon = s.day.adding(days: 7)
        var open: [(term: DatedTerm, subject: String, section: Section)] = []
        for c in s.input.controlled where c.executedOn == nil && sees(v, s, c.id, units: units) {
            for term in (try? Documents.terms(of: c, asOf: s.at, schedule: s.input.schedule, calendar: api.calendar)) ?? [] where term.done == nil {
                open.append((term, c.id, .controlled))
            }
        }
        for d in s.input.drafts where d.agreedOn == nil && sees(v, s, d.id, units: units) {
            for term in (try? Documents.terms(of: d, asOf: s.at, schedule: s.input.schedule, calendar: api.calendar)) ?? [] where term.done == nil {
                open.append((term, d.id, .drafts))
            }
        }
        return open.filter { $0.term.due <= horizon }.sorted { ($0.term.due, $0.subject) < ($1.term.due, $1.subject) }.map { o -> [String: Any] in
            let due = o.term.due
            let state = due < s.day ? "overdue" : due == s.day ? "due_today" : due <= next ? "due_next" : "due_week"
            return ["state": state, "status": t("documents_state_" + state, v), "due": kit.date(due, v.lang), "what": I18n.pick(o.term.code.label, v.lang),
                    "subject": o.subject, "href": itemHref(o.subject, s), "section": t("documents_section_" + o.section.rawValue, v),
                    "citation": o.term.code.citation.map { kit.citation($0, v.lang) }.joined(separator: "; ")]
        }
    }

    // MARK: the weekly control list (§34)

    /// The week's list the documentation service submits (§34): every document on control received by the week's end and
    /// not executed before it began — its term (with extensions), §36's dates, and its state at the week's end; the
    /// terms of the next week flagged. Printable, and as XLSX.
    func control(_ req: Request, _ v: Viewer, xlsx: Bool, _ form: DocumentsForms.State) async throws -> Response {
        var s = try await scope(req, v)
        let monday = s.day.adding(days: 1 - s.day.isoWeekday)
        let sunday = monday.adding(days: 6)
        // The list as of the week's end (its Sunday's end): the register then.
        let (all, _) = try await api.registry(s.body)
        let end = s.zone.instant(sunday, second: 86_399)
        s.input = all.known(at: end, day: sunday)
        let units = unitOf(s)
        let names = s.names
        var rows: [[String: Any]] = []
        for c in s.input.controlled where sees(v, s, c.id, units: units) {
            if let done = c.executedOn, done < monday { continue }
            let terms = (try? Documents.terms(of: c, asOf: end, schedule: s.input.schedule, calendar: api.calendar)) ?? []
            guard let control = terms.first(where: { $0.code == .controlTermMissed }) else { continue }
            let due = control.due
            let state: String
            if let done = c.executedOn { state = done > due ? "done_late" : "done" }
            else if due < monday || due <= sunday && due < s.day { state = "overdue" }
            else if due <= sunday { state = "this_week" }
            else if due <= sunday.adding(days: 7) { state = "next_week" }
            else { state = "on_control" }
            let unit = units[c.id] ?? nil
            var row: [String: Any] = [
                "id": c.id, "href": itemHref(c.id, s), "kind": t("documents_kind_" + c.kind.rawValue, v), "received": kit.date(c.receivedOn, v.lang),
                "term": kit.date(due, v.lang), "term_value": due.description,
                "executor": c.executor ?? "—", "unit": unit.map { names[$0] ?? $0 } ?? "—",
                "leadership": kit.date(terms.first { $0.code == .lateToLeadership }?.due, v.lang),
                "first_head": kit.date(terms.first { $0.code == .lateToFirstHead }?.due, v.lang),
                "executed": kit.date(c.executedOn, v.lang), "state": state, "status": t("documents_list_" + state, v),
                "badge": ["done": "met", "done_late": "overdue", "overdue": "overdue", "this_week": "due_today", "next_week": "due_next"][state] ?? "",
            ]
            row.put("extended", c.extensions.isEmpty ? nil : t("documents_extended", v))
            // The days themselves, for the spreadsheet's date cells.
            row["dates"] = ["received": c.receivedOn, "term": due, "leadership": terms.first { $0.code == .lateToLeadership }?.due as Any,
                            "first_head": terms.first { $0.code == .lateToFirstHead }?.due as Any, "executed": c.executedOn as Any]
            row["sort"] = due.dayNumber
            rows.append(row)
        }
        rows.sort { ($0["sort"] as? Int32 ?? 0, $0["id"] as? String ?? "") < ($1["sort"] as? Int32 ?? 0, $1["id"] as? String ?? "") }
        let period = kit.date(monday, v.lang) + " – " + kit.date(sunday, v.lang)
        if xlsx {
            let header = ["documents_col_id", "documents_col_kind", "documents_col_unit", "documents_col_executor", "documents_col_received", "documents_col_term",
                          "documents_col_leadership", "documents_col_first_head", "documents_col_executed", "documents_col_state"].map { t($0, v) }
            let keys = ["id", "kind", "unit", "executor", "received", "term", "leadership", "first_head", "executed", "status"]
            let book = XLSXWriter(sheetName: "\(monday) – \(sunday)", header: header,
                                  rows: rows.map { r in
                                      let dates = r["dates"] as? [String: Any] ?? [:]
                                      return keys.map { key in
                                          if dates.keys.contains(key) { return (dates[key] as? LocalDate).map { .date($0) } ?? .empty }
                                          return .text(r[key] as? String ?? "")
                                      }
                                  }, widths: [18, 30, 40, 22, 12, 12, 12, 12, 12, 22])
            return PageKit.download(ByteBuffer(bytes: book.data()), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                    filename: "rasim-control-list-\(monday).xlsx")
        }
        var c = base(v, s, title: t("documents_control_title", v))
        try forms(&c, v, s, form, route: DocumentsAPI.addItem(.controlled))
        c["kinds"] = Controlled.Kind.allCases.map { ["value": $0.rawValue, "label": t("documents_kind_" + $0.rawValue, v), "selected": c["v_kind"] as? String == $0.rawValue] }
        c["period"] = period
        c["monday"] = monday.description
        c["previous"] = monday.adding(days: -7).description; c["next"] = monday.adding(days: 7).description
        c["rows"] = rows
        c["empty"] = rows.isEmpty
        c["xlsx"] = "/documents/control.xlsx?body=\(PageKit.segment(s.body))&day=\(monday)"
        // §34 itself: was the week's list recorded?
        let listed = s.input.controlService.map { cs in (0..<7).contains { cs.weeklyLists.contains(monday.adding(days: $0)) } }
        c["list_recorded"] = listed == true
        c["list_missing"] = listed == false
        return kit.render("documents_control", c)
    }

    // MARK: the register

    static let sections: [DocumentsStore.Kind] = [.incoming, .outgoing, .controlled, .drafts, .plans]

    /// The items of a section received in a month (`?section=`, `?month=YYYY-MM`, by default the scope day's), each with
    /// its findings' labels.
    func registerPage(_ req: Request, _ v: Viewer) async throws -> Response {
        let s = try await scope(req, v)
        let q = req.uri.queryParameters
        let sectionText = q["section"].map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? "controlled"
        guard let section = DocumentsStore.Kind(rawValue: sectionText), Self.sections.contains(section) else {
            throw APIError.notFound(t("documents_no_section", v), path: "section")
        }
        var year = s.day.year, month = s.day.month
        if let m = q["month"].map(String.init), !m.isEmpty {
            let parts = m.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let mm = Int(parts[1]), (1...12).contains(mm), y >= 2000, y <= 9998 else {
                throw APIError.invalid(t("documents_bad_month", v), path: "month")
            }
            year = y; month = mm
        }
        let units = unitOf(s)
        let names = s.names
        func inMonth(_ d: LocalDate) -> Bool { d.year == year && d.month == month }
        var rows: [(date: LocalDate, id: String, what: String, dateText: String)] = []
        switch section {
        case .incoming:
            for l in s.input.incoming {
                let d = l.arrivedAt.localDate(offsetSeconds: s.zone.offset(l.arrivedAt.secondsSinceEpoch))
                if inMonth(d) { rows.append((d, l.id, t("documents_sender_" + l.sender.rawValue, v), clock(l.arrivedAt, s, v))) }
            }
        case .outgoing:
            for o in s.input.outgoing where inMonth(o.signedOn) { rows.append((o.signedOn, o.id, t("documents_sender_" + o.to.rawValue, v), kit.date(o.signedOn, v.lang))) }
        case .controlled:
            for c in s.input.controlled where inMonth(c.receivedOn) { rows.append((c.receivedOn, c.id, t("documents_kind_" + c.kind.rawValue, v), kit.date(c.receivedOn, v.lang))) }
        case .drafts:
            for d in s.input.drafts where inMonth(d.receivedOn) { rows.append((d.receivedOn, d.id, t("documents_section_drafts", v), kit.date(d.receivedOn, v.lang))) }
        default:
            for p in s.input.plans where inMonth(p.periodStart) { rows.append((p.periodStart, p.id, t("documents_plan_" + p.kind.rawValue, v), kit.date(p.periodStart, v.lang))) }
        }
        var c = base(v, s, title: t("documents_register_title", v))
        c["sections"] = Self.sections.map { k in ["value": k.rawValue, "label": t("documents_section_" + k.rawValue, v), "selected": k == section] }
        c["section_label"] = t("documents_section_" + section.rawValue, v)
        c["month_value"] = String(format: "%04d-%02d", year, month)
        c["month"] = t("month_\(month)", v) + " \(year)"
        c["rows"] = rows.filter { sees(v, s, $0.id, units: units) }.sorted { ($0.date, $0.id) < ($1.date, $1.id) }.map { r -> [String: Any] in
            let findings = s.result.findings.filter { $0.subject == r.id && $0.severity != .warning }
            return ["id": r.id, "href": itemHref(r.id, s), "what": r.what, "date": r.dateText,
                    "unit": (units[r.id] ?? nil).map { names[$0] ?? $0 } ?? "—",
                    "findings": findings.map { I18n.pick($0.code.label, v.lang) }.joined(separator: "; "), "clean": findings.isEmpty]
        }
        c["empty"] = (c["rows"] as? [Any])?.isEmpty ?? true
        return kit.render("documents_register", c)
    }

    // MARK: an item

    /// An item: what was recorded and when (each fact with the day it was entered, so a back-dated entry shows), its
    /// terms with how each was counted, §36's band, a draft's route step by step, a letter's intake; its findings and the
    /// paragraphs not judged.
    func item(_ req: Request, _ ctx: AppContext, _ v: Viewer, _ form: DocumentsForms.State) async throws -> Response {
        let s = try await scope(req, v)
        let raw = try ctx.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        guard RecordID.problem(id) == nil, let stored = s.items.first(where: { $0.id == id }), stored.kind != .settings,
              DocumentsAPI.sees(v.id, body: s.body, unit: stored.unit) else {
            throw APIError.notFound(t("documents_no_item", v), path: "id")
        }
        let names = s.names
        var c = base(v, s, title: t("documents_section_" + stored.kind.rawValue, v) + " " + id)
        c["id"] = id
        c["unit"] = stored.unit.map { names[$0] ?? $0 }
        try forms(&c, v, s, form, route: DocumentsAPI.addFact)
        // The events it can still record: those not recorded yet (an extension, always).
        let recorded = DocumentsRegister.merged(stored)
        let events = DocumentsForms.events(stored.kind).filter { e in
            if e.entry == .extended { return true }
            if case .null? = recorded?[e.field] { return true }
            return recorded?[e.field] == nil
        }
        c["events"] = events.map { e -> [String: Any] in
            var option: [String: Any] = ["value": e.field, "label": t("documents_field_" + e.field, v), "selected": c["v_field"] as? String == e.field]
            option.put("flag", e.flag.map { t("documents_field_" + $0, v) })
            return option
        }
        c["has_events"] = !events.isEmpty
        c["event_time"] = stored.kind == .incoming
        c["event_flags"] = events.contains { $0.flag != nil }
        c["event_extension"] = events.contains { $0.entry == .extended }
        // The record: the item as first written, then each fact, with who entered it and when.
        var record: [[String: Any]] = []
        if let first = try? JSONParser.document(stored.json) {
            record.append(["entered": clock(Instant(iso: stored.createdAt), s, v), "by": stored.createdBy, "fields": fields(first, s, v), "first": true])
        }
        for (i, fact) in stored.facts.enumerated() {
            guard let value = try? JSONParser.document(fact) else { continue }
            record.append(["entered": clock(Instant(iso: i < stored.factRecords.count ? stored.factRecords[i].at : ""), s, v),
                           "by": i < stored.factRecords.count ? stored.factRecords[i].by : "", "fields": fields(value, s, v)])
        }
        c["record"] = record
        // Its terms.
        var terms: [[String: Any]] = []
        func add(_ term: DatedTerm) {
            var view: [String: Any] = ["what": I18n.pick(term.code.label, v.lang), "citation": term.code.citation.first.map { kit.citation($0, v.lang) } ?? "",
                                       "due": kit.date(term.due, v.lang), "due_value": term.due.description]
            view.put("done", term.done.map { kit.date($0, v.lang) })
            view.put("late", term.done.map { $0 > term.due } == true ? true : nil)
            view.put("open_overdue", term.done == nil && term.due < s.day ? true : nil)
            if let length = term.term, let from = term.from,
               let deadline = try? length.deadline(from: from, calendar: api.calendar, detailed: true), deadline.due == term.due {
                view["how"] = I18n.pick(length.label, v.lang) + " · " + t("documents_counted_from", v) + " " + kit.date(from, v.lang)
                view["trace"] = kit.deadlineTrace(deadline, api.calendar, v.lang)
            } else {
                view["how"] = t("documents_set_date", v)
            }
            terms.append(view)
        }
        switch stored.kind {
        case .controlled:
            if let cd = s.input.controlled.first(where: { $0.id == id }) {
                let dated = (try? Documents.terms(of: cd, asOf: s.at, schedule: s.input.schedule, calendar: api.calendar)) ?? []
                dated.forEach(add)
                let due = dated.first { $0.code == .controlTermMissed }?.due ?? cd.term
                let length = cd.receivedOn.days(until: due)
                c["band"] = t(length < 5 ? "documents_band_immediately" : length <= 10 ? "documents_band_one_day" : "documents_band_days", v)
                    .replacingOccurrences(of: "{n}", with: String(length))
                c["extensions"] = Documents.extensions(of: cd).map { x -> [String: Any] in
                    ["to": kit.date(x.extension.to, v.lang), "granted": kit.date(x.extension.grantedOn, v.lang), "ignored": !x.applied]
                }
                c["has_extensions"] = !cd.extensions.isEmpty
            } else { c["not_yet"] = true }
        case .drafts:
            if let d = s.input.drafts.first(where: { $0.id == id }) {
                for term in (try? Documents.terms(of: d, asOf: s.at, schedule: s.input.schedule, calendar: api.calendar)) ?? [] { add(term) }
                c["route"] = draftRoute(d, v)
                c["has_route"] = true
            } else { c["not_yet"] = true }
        case .incoming:
            if let l = s.input.incoming.first(where: { $0.id == id }),
               let intake = try? Documents.intake(of: l, schedule: s.input.schedule, calendar: api.calendar) {
                c["letter"] = letterRow(l, intake, s, v)
                if l.returnedAt == nil, let deadline = try? Term.workingDays(2).deadline(from: intake.receiptDay, calendar: api.calendar, detailed: true),
                   deadline.due == intake.deliveryDue {
                    terms.append(["what": I18n.pick(DocumentCode.deliveryLate.label, v.lang), "citation": "MODEL-REG-2008 §15",
                                  "due": kit.date(deadline.due, v.lang), "due_value": deadline.due.description,
                                  "how": I18n.pick(Term.workingDays(2).label, v.lang) + " · " + t("documents_counted_from", v) + " " + kit.date(intake.receiptDay, v.lang),
                                  "trace": kit.deadlineTrace(deadline, api.calendar, v.lang)])
                }
            } else { c["not_yet"] = true }
        default: break
        }
        c["terms"] = terms
        c["no_terms"] = terms.isEmpty
        c["findings"] = s.result.findings.filter { $0.subject == id }.map { f -> [String: Any] in
            ["code": f.code.rawValue, "label": I18n.pick(f.code.label, v.lang), "severity": t("documents_severity_" + f.severity.rawValue, v),
             "severity_class": f.severity.rawValue, "message": kit.message(f.message, v.lang),
             "citations": f.citation.map { kit.citation($0, v.lang) + " (" + t("documents_wording", v) + " " + f.wording.rawValue + ")" }]
        }
        c["no_findings"] = (c["findings"] as? [Any])?.isEmpty ?? true
        let notJudged = s.result.notJudged.filter { $0.subject == id }
        c["not_judged"] = notJudged.map { n -> [String: Any] in
            ["place": "MODEL-REG-2008 " + n.place, "reason": t("documents_not_judged_" + n.reason.rawValue, v)]
        }
        c["has_not_judged"] = !notJudged.isEmpty
        c["back"] = "/documents/register?\(s.query)&section=\(stored.kind.rawValue)"
        return kit.render("documents_item", c)
    }

    /// The forms' part of a page: whether the viewer may write to this body with `route` (`writes`), today's date (the
    /// latest an event may have), the units to choose from, and the form's state.
    func forms(_ c: inout [String: Any], _ v: Viewer, _ s: Scope, _ form: DocumentsForms.State, route: RouteID) throws {
        c["writes"] = v.may(route) && (DocumentsAPI.scope(v.id).map { $0.contains(s.body) } ?? true)
        c["today"] = try Today.of(api.calendar).day.description
        form.apply(&c, v, kit)
        c["units"] = s.units.map { ["value": $0.id, "label": $0.name, "selected": c["v_unit"] as? String == $0.id] }
        c["has_units"] = !s.units.isEmpty
    }


    /// A draft's route, step by step (§21–26): what was done and when.
    func draftRoute(_ d: Draft, _ v: Viewer) -> [[String: Any]] {
        var steps: [(String, LocalDate?)] = [("documents_step_received", d.receivedOn)]
        if let ui = d.urgentInstruction { steps.append(("documents_step_urgent", ui.receivedOn ?? d.receivedOn)); steps.append(("documents_step_proposal", d.proposalOn)) }
        if let c = d.conclusion { steps.append((c.remarks ? "documents_step_conclusion_remarks" : "documents_step_conclusion", c.on)) }
        if d.conclusion?.remarks == false { steps.append(("documents_step_visas", d.visasOn)) }
        if let r = d.returnedOn { steps.append(("documents_step_returned", r)) }
        if let r = d.revised { steps.append((r.complete ? "documents_step_revised" : "documents_step_revised_partly", r.on)) }
        if d.remarksOn != nil || (d.revised.map { !$0.complete } ?? false) { steps.append(("documents_step_remarks", d.remarksOn)) }
        if let m = d.meeting { steps.append((m.agreed ? "documents_step_meeting_agreed" : "documents_step_meeting", m.on)) }
        steps.append(("documents_step_agreed", d.agreedOn))
        return steps.map { ["label": t($0.0, v), "date": kit.date($0.1, v.lang), "pending": $0.1 == nil] }
    }

    /// A stored JSON object's fields in words: labels from the tables, dates and instants in the local style.
    func fields(_ value: JSONValue, _ s: Scope, _ v: Viewer, prefix: String = "") -> [[String: Any]] {
        guard case .object(let pairs) = value else { return [] }
        var out: [[String: Any]] = []
        for (key, field) in pairs where key != "id" {
            let label = prefix + t("documents_field_" + key, v)
            switch field {
            case .object: out += fields(field, s, v, prefix: label + " — ")
            case .array(let items):
                if items.contains(where: { if case .object = $0 { return true }; return false }) {
                    for item in items { out += fields(item, s, v, prefix: label + " — ") }
                } else {
                    out.append(["label": label, "value": items.map { words($0, key: key, s, v) }.joined(separator: ", ")])
                }
            default: out.append(["label": label, "value": words(field, key: key, s, v)])
            }
        }
        return out
    }

    func words(_ value: JSONValue, key: String, _ s: Scope, _ v: Viewer) -> String {
        switch value {
        case .bool(let b): return t(b ? "documents_yes" : "documents_no", v)
        case .string(let text):
            if let i = Instant(iso: text), text.contains("T") { return clock(i, s, v) }
            if let d = LocalDate(text) { return kit.date(d, v.lang) }
            switch key {
            case "sender", "to": return t("documents_sender_" + text, v)
            case "kind": return kit.i18n.tables[v.lang]?["documents_kind_" + text] ?? kit.i18n.tables[v.lang]?["documents_plan_" + text] ?? text
            case "details": return t("documents_detail_" + text, v)
            case "basis", "addressee", "form": return t("documents_value_" + text, v)
            case "unit": return s.names[text] ?? text
            default: return text
            }
        default: return value.text
        }
    }

    // MARK: the collegium

    /// §7–9: each meeting with its quorum (two thirds of the members, in person), each decision's majority of those
    /// present, the stenogram and the website; §8 each quarter's review of the Head of State's instructions.
    func collegium(_ req: Request, _ v: Viewer) async throws -> Response {
        let s = try await scope(req, v)
        guard DocumentsAPI.sees(v.id, body: s.body, unit: nil) else { throw APIError.notFound(t("documents_no_collegium", v), path: "body") }
        var c = base(v, s, title: t("documents_collegium_title", v))
        let meetings = (s.input.collegium?.meetings ?? []).sorted { ($0.on, $0.id) > ($1.on, $1.id) }
        c["meetings"] = meetings.map { m -> [String: Any] in
            let quorum = (2 * m.members + 2) / 3
            let majority = m.present / 2 + 1
            let findings = s.result.findings.filter { f in f.section == .collegium && (f.subject == m.id || m.decisions.contains { $0.id == f.subject }) }
            return ["id": m.id, "date": kit.date(m.on, v.lang), "members": m.members, "present": m.present, "quorum": quorum,
                    "quorum_ok": 3 * m.present >= 2 * m.members, "substitutes": m.substitutes, "substitutes_ok": m.substitutes == 0,
                    "head_of_state": m.headOfStateInstructions, "stenographed": m.stenographed, "published": m.publishedOnWebsite,
                    "decisions": m.decisions.map { d -> [String: Any] in
                        ["id": d.id, "votes": d.votesFor, "majority": majority, "ok": 2 * d.votesFor > m.present]
                    },
                    "findings": findings.map { kit.message($0.message, v.lang) }]
        }
        c["no_meetings"] = meetings.isEmpty
        c["quarters"] = s.result.findings.filter { $0.code == .quarterlyReviewMissing }.map { f -> [String: Any] in
            ["period": f.period.map { quarterText($0, v) } ?? "—", "due": kit.date(f.due, v.lang)]
        }
        c["since"] = kit.date(s.input.collegium?.since, v.lang)
        return kit.render("documents_collegium", c)
    }

    /// "2016-Q3" in words.
    func quarterText(_ period: String, _ v: Viewer) -> String {
        let parts = period.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let q = Int(parts[1].dropFirst()) else { return period }
        return t("documents_quarter", v).replacingOccurrences(of: "{y}", with: String(y)).replacingOccurrences(of: "{q}", with: ["I", "II", "III", "IV"][(q - 1) % 4])
    }
}
