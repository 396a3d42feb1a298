import Foundation
import Hummingbird
import NIOCore
import Identifiers
import LegalCore
import ProsecutorialSupervision
import WebKit
import WorkCalendar

/// PROSEC-ADM-2015's pages, in the user's language: each morning's terms running out per office, and a case with its
/// categories, its routing and every term with how it was counted. The same use case as the routes (`SupervisionAPI.judged`).
struct SupervisionPages: Sendable {
    let kit: PageKit
    let api: SupervisionAPI

    /// The order's last day in force (docs/reference/supervision.md "Validity"): the pages' default day once it is past —
    /// a prosecutor's office reviewing its work under the order sees the order's last morning, not an empty today.
    static let lastInForce = LocalDate(year: 2018, month: 5, day: 12)!

    func register(_ router: Router<AppContext>) {
        let read = SupervisionAPI.listFindings
        router.get("supervision") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.morning(req, v) } }
        router.get("supervision/cases/{id}") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.casePage(req, ctx, v) } }
        router.get("supervision/applications") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.applications(req, v) } }
        router.get("supervision/indicators") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.indicators(req, v, xlsx: false) } }
        router.get("supervision/indicators.xlsx") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.indicators(req, v, xlsx: true) } }
    }

    /// The cases the viewer sees, judged as of `day` (with the indicators of `period`, over those cases only).
    func visible(_ v: Viewer, day: LocalDate, period: ClosedRange<LocalDate>? = nil) async throws -> (input: SupervisionInput, result: SupervisionResult) {
        let (input, result) = try await api.judged(asOf: day, kpiPeriod: period)
        guard let offices = SupervisionAPI.visibleOffices(v.id, offices: input.offices) else { return (input, result) }
        // Only the viewer's offices' cases: judged again without the others (the indicators count them alone).
        let owner = SupervisionAPI.owners(input, result)
        var mine = input
        mine.cases = input.cases.filter { c in owner["case:" + c.id]?.office.map(offices.contains) ?? false }
        let cases = Set(mine.cases.map(\.id))
        mine.applications = input.applications.filter { cases.contains($0.caseID) }
        mine.reports = input.reports.filter { offices.contains($0.office) }
        mine.kpiPeriod = period
        return (mine, try SupervisionAPI.evaluated(mine, calendar: api.calendar))
    }

    /// §27 and §18: the applications for a protest, each with what §27 finds missing, how it should be handled and how
    /// it was, the requisition's and the court's terms, and whether the applicant is told he may appeal himself.
    func applications(_ req: Request, _ v: Viewer) async throws -> Response {
        let (day, _) = try day(req, v)
        let (input, result) = try await visible(v, day: day)
        var c = kit.base(v, title: t("supervision_applications_title", v))
        c["as_of"] = kit.date(day, v.lang); c["as_of_value"] = day.description
        c["rows"] = result.applications.map { row -> [String: Any] in
            let a = input.applications.first { $0.id == row.id }
            let missing = row.missing.map { $0.isEmpty ? t("supervision_complete", v) : $0.map { t("supervision_item_" + $0, v) }.joined(separator: ", ") }
            return ["id": row.id, "case": a?.caseID ?? "", "case_href": a.map { "/supervision/cases/\(PageKit.segment($0.caseID))?asOf=\(day)" } ?? "", "kind": t("supervision_application_" + (a?.kind.rawValue ?? ""), v),
                    "received": kit.date(a?.receivedOn, v.lang), "validity": t("supervision_validity_" + row.validity.rawValue, v),
                    "missing": missing ?? "—", "expected": row.expectedHandling.map { t("supervision_handling_" + $0, v) } ?? "—",
                    "handling": t("supervision_handling_" + (a?.handling.rawValue ?? "pending"), v),
                    "requisition": kit.date(row.requisitionDue, v.lang), "court": kit.date(row.courtDue, v.lang),
                    "explain": row.explainRightToAppeal.map { t($0 ? "supervision_yes" : "supervision_no", v) } ?? "—",
                    "findings": result.findings.filter { $0.subjectKind == .application && $0.subject == row.id && $0.severity == .violation }
                        .map { t("supervision_code_" + $0.code.rawValue, v) }.joined(separator: "; ")]
        }
        c["empty"] = result.applications.isEmpty
        return kit.render("supervision_applications", c)
    }

    /// §22–24: the three indicators over a period (`?from=&to=`, by default the year of the day up to it), each with its
    /// numerator, divisor, exclusions and adjustments; as a page (printable) or XLSX.
    func indicators(_ req: Request, _ v: Viewer, xlsx: Bool) async throws -> Response {
        let (day, _) = try day(req, v)
        let from = try date(req, "from", v) ?? LocalDate(year: day.year, month: 1, day: 1)!
        let to = try date(req, "to", v) ?? day
        guard from <= to else { throw APIError.invalid(t("supervision_bad_period", v), path: "to") }
        let (_, result) = try await visible(v, day: max(day, to), period: from...to)
        guard let k = result.kpis else { throw APIError.invalid(t("supervision_bad_period", v), path: "from") }
        func pct(_ r: Rational?) -> String { kit.percent(r, v.lang) }
        var rows: [[String: Any]] = []
        if let a = k.appealProtestEffectiveness {
            rows.append(["name": t("supervision_kpi_appeal", v), "citation": kit.citation(Citation(.prosecAdm2015, "§22"), v.lang), "numerator": a.onProtest, "divisor": a.annulledOrChanged,
                         "adjustments": t("supervision_kpi_excluded", v) + ": \(a.excluded)", "percent": pct(a.percent)])
        }
        if let s = k.protestSatisfaction {
            rows.append(["name": t("supervision_kpi_satisfaction", v), "citation": kit.citation(Citation(.prosecAdm2015, "§23"), v.lang), "numerator": s.considered - s.adjustedUnsatisfied, "divisor": s.considered,
                         "adjustments": t("supervision_kpi_unsatisfied", v) + ": \(s.unsatisfied), " + t("supervision_kpi_adjusted", v) + ": \(s.adjustedUnsatisfied), "
                            + t("supervision_kpi_withdrawn", v) + ": \(s.withdrawn), " + t("supervision_kpi_returned", v) + ": \(s.returned)",
                         "percent": pct(s.percent)])
        }
        if let r = k.responseEffectiveness {
            rows.append(["name": t("supervision_kpi_response", v), "citation": kit.citation(Citation(.prosecAdm2015, "§24"), v.lang), "numerator": r.onMotion, "divisor": r.total,
                         "adjustments": "—", "percent": pct(r.percent)])
        }
        if xlsx {
            let book = XLSXWriter(sheetName: "\(from) – \(to)", header: [t("supervision_kpi_col_name", v), t("supervision_col_basis", v), t("supervision_kpi_col_numerator", v),
                                                                      t("supervision_kpi_col_divisor", v), t("supervision_kpi_col_adjustments", v), t("supervision_kpi_col_percent", v)],
                                  rows: rows.map { r in [.text(r["name"] as? String ?? ""), .text(r["citation"] as? String ?? ""), .number(r["numerator"] as? Int ?? 0),
                                                         .number(r["divisor"] as? Int ?? 0), .text(r["adjustments"] as? String ?? ""), .text(r["percent"] as? String ?? "")] },
                                  widths: [40, 22, 14, 14, 60, 12])
            return PageKit.download(ByteBuffer(bytes: book.data()), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                    filename: "rasim-supervision-indicators-\(from)-\(to).xlsx")
        }
        var c = kit.base(v, title: t("supervision_indicators_title", v))
        c["from"] = from.description; c["to"] = to.description
        c["period"] = kit.date(from, v.lang) + " – " + kit.date(to, v.lang)
        c["validity"] = t("supervision_validity_" + k.validity.rawValue, v)
        c["in_force"] = k.validity == .inForce
        c["rows"] = rows
        return kit.render("supervision_indicators", c)
    }

    /// `?asOf=`, else today or the order's last day in force, whichever is earlier.
    func day(_ req: Request, _ v: Viewer) throws -> (day: LocalDate, chosen: Bool) {
        if let d = try date(req, "asOf", v) { return (d, true) }
        return (min(try Today.of(api.calendar).day, Self.lastInForce), false)
    }

    /// The query parameter `key` as a date, nil when absent; refused in the viewer's words otherwise.
    func date(_ req: Request, _ key: String, _ v: Viewer) throws -> LocalDate? {
        guard let text = req.uri.queryParameters[Substring(key)].map(String.init), !text.isEmpty else { return nil }
        guard let d = LocalDate(text), d.year >= 2000, d.year <= 9998 else { throw APIError.invalid(t("supervision_bad_date", v), path: key) }
        return d
    }

    /// The offices' names in the reader's language (as registered where none is given in it).
    func officeNames(_ v: Viewer) async throws -> [String: String] {
        try await api.store.organizationNames(lang: v.lang.rawValue)
    }

    func t(_ key: String, _ v: Viewer) -> String { kit.i18n.t(key, v.lang) }

    /// Each office the viewer sees, its terms running out on the day — due that day or the next working day — and
    /// those past their due and still not done, soonest first.
    func morning(_ req: Request, _ v: Viewer) async throws -> Response {
        let (day, chosen) = try day(req, v)
        let (input, result) = try await api.judged(asOf: day)
        let visible = SupervisionAPI.visibleOffices(v.id, offices: input.offices)
        let names = try await officeNames(v)
        let owner = SupervisionAPI.owners(input, result)
        let open = result.findings.filter { $0.obligation != nil && $0.actual == nil }
        // An application's terms are counted on its case's page.
        let caseOfApplication = Dictionary(input.applications.map { ($0.id, $0.caseID) }, uniquingKeysWith: { a, _ in a })
        func caseOf(_ f: SupervisionFinding) -> String? {
            switch f.subjectKind { case .case: f.subject; case .application: caseOfApplication[f.subject]; default: nil }
        }
        var c = kit.base(v, title: t("supervision_title", v))
        c["as_of"] = kit.date(day, v.lang); c["as_of_value"] = day.description
        c["default_note"] = !chosen && day == Self.lastInForce
        let offices = input.offices.filter { visible?.contains($0.id) ?? true }.sorted { ($0.level == .district ? 0 : 1, $0.id) < ($1.level == .district ? 0 : 1, $1.id) }
        c["offices"] = offices.map { o -> [String: Any] in
            let rows = open.filter { owner[$0.subjectKind.rawValue + ":" + $0.subject]?.office == o.id }
                .sorted { ($0.due ?? day, $0.subject) < ($1.due ?? day, $1.subject) }
            return ["id": o.id, "name": names[o.id] ?? o.id, "kind": t("supervision_office_" + o.kind.rawValue, v), "empty": rows.isEmpty,
                    "rows": rows.map { f -> [String: Any] in
                        let state = f.code == .deadlineApproaching ? (f.due == day ? "due_today" : "due_next") : "overdue"
                        var row: [String: Any] = ["state": state, "status": t("supervision_state_" + state, v), "due": kit.date(f.due, v.lang),
                                "what": t("supervision_obligation_" + (f.obligation?.rawValue ?? ""), v), "subject": f.subject,
                                "citation": f.citation.map { kit.citation($0, v.lang) }.joined(separator: "; ")]
                        // A report is no case: no link (an absent key, not an Optional, which the template would print as "nil").
                        if let id = caseOf(f) { row["href"] = "/supervision/cases/\(PageKit.segment(id))?asOf=\(day)" }
                        return row
                    }]
        }
        c["empty"] = offices.isEmpty
        return kit.render("supervision", c)
    }

    /// A case: its validity, its §6 categories and why, its routing and why, every term with how it was counted, its findings.
    func casePage(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let (day, _) = try day(req, v)
        let raw = try ctx.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        guard RecordID.problem(id) == nil else { throw APIError.notFound(t("supervision_no_case", v), path: "id") }
        let (input, result) = try await api.judged(asOf: day)
        guard SupervisionAPI.sees(v.id, case: id, input, result), let row = result.cases.first(where: { $0.id == id }),
              let c = input.cases.first(where: { $0.id == id }) else {
            throw APIError.notFound(t("supervision_no_case", v), path: "id")
        }
        let names = try await officeNames(v)
        var page = kit.base(v, title: t("supervision_case_title", v) + " " + id)
        page["id"] = id; page["as_of"] = kit.date(day, v.lang); page["as_of_value"] = day.description
        page["validity"] = t("supervision_validity_" + row.validity.rawValue, v)
        page["validity_note"] = t("supervision_validity_note_" + row.validity.rawValue, v)
        page["decided"] = kit.date(c.decidedOn, v.lang)
        page["outcome"] = t("supervision_outcome_" + c.outcome.rawValue, v)
        // The court's location in words: the territory of the district (else oblast) territorial office over it.
        let territorial = input.offices.filter { $0.kind == .territorial && $0.locations.contains(c.courtLocation) }
            .sorted { ($0.level == .district ? 0 : 1) < ($1.level == .district ? 0 : 1) }.first
        page["court"] = territorial.map { t("supervision_court_area", v).replacingOccurrences(of: "{office}", with: names[$0.id] ?? $0.id) } ?? c.courtLocation
        page.put("categories", row.categories.map { cats in cats.map { ["item": String($0.item), "label": t("supervision_category_" + $0.rawValue, v)] } })
        page["no_categories"] = row.categories?.isEmpty == true
        if let r = row.routing {
            var routing: [String: Any] = ["office": names[r.office] ?? r.office, "basis": t("supervision_basis_" + r.basis.rawValue, v),
                                          "review": r.reviewOffice.map { names[$0] ?? $0 } ?? "—"]
            routing.put("unit", r.unit)
            page["routing"] = routing
        }
        // Every term of the case and of its applications, counted again with the calendar's day-by-day trace (the same
        // counting the evaluation uses: `Term.deadline`), with the day it was done, if it was.
        var terms: [[String: Any]] = []
        func add(_ what: String, _ term: Term, from: LocalDate, done: LocalDate?, citation: String, studied: LocalDate? = nil) throws {
            let deadline = try term.deadline(from: from, calendar: api.calendar, detailed: true)
            var view: [String: Any] = ["what": what, "term": term.label[v.lang], "from": kit.date(from, v.lang), "due": kit.date(deadline.due, v.lang),
                                       "due_value": deadline.due.description, "citation": kit.citation(Citation(.prosecAdm2015, citation), v.lang), "trace": kit.deadlineTrace(deadline, api.calendar, v.lang)]
            view.put("done", done.map { kit.date($0, v.lang) })
            view.put("late", done.map { $0 > deadline.due } == true ? true : nil)
            view.put("studied", studied.map { kit.date($0, v.lang) })
            terms.append(view)
        }
        if let term = row.protestTerm {
            try add(t("supervision_term_protest", v), .tauliks(term.tauliks), from: term.from,
                    done: c.protests.filter { $0.stage == .appeal }.map(\.filedOn).min(), citation: "§13", studied: c.studiedOn)
        }
        if row.conclusionDue != nil, let entered = c.enteredIntoForceOn {
            try add(t("supervision_term_conclusion", v), .workingDays(30), from: entered, done: c.conclusionApprovedOn, citation: "§10")
        }
        if row.validity == .inForce, let exclusion = c.appeal?.exclusion {
            try add(t("supervision_term_consent", v), .workingDays(10), from: exclusion.decisionOn, done: exclusion.requestedOn, citation: "§22")
        }
        for a in input.applications where a.caseID == id {
            guard let r = result.applications.first(where: { $0.id == a.id }) else { continue }
            if r.requisitionDue != nil {
                try add(t("supervision_term_requisition", v) + " (" + a.id + ")", .workingDays(3), from: a.reachedExaminerOn ?? a.receivedOn,
                        done: a.requisitionInstructedOn, citation: "§18")
            }
            if r.courtDue != nil, let reached = a.requestReachedCourtOn {
                try add(t("supervision_term_court", v) + " (" + a.id + ")", .tauliks(7), from: reached, done: a.courtSentCaseOn, citation: "§18")
            }
        }
        page["study_note"] = row.studyGrounds.map { !$0.isEmpty && row.protestTerm != nil } ?? false
        page["terms"] = terms
        page["no_terms"] = terms.isEmpty
        page["findings"] = result.findings.filter { $0.subjectKind == .case && $0.subject == id }.map { f -> [String: Any] in
            ["code": f.code.rawValue, "label": t("supervision_code_" + f.code.rawValue, v), "severity": t("supervision_severity_" + f.severity.rawValue, v),
             "severity_class": f.severity.rawValue, "message": kit.message(f.message, v.lang), "citations": f.citation.map { kit.citation($0, v.lang) }]
        }
        page["no_findings"] = (page["findings"] as? [Any])?.isEmpty ?? true
        return kit.render("supervision_case", page)
    }
}
