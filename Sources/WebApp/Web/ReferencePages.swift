import WebKit
import Foundation
import PublicServicesFeature
import RiskFeature
import HTTPTypes
import Hummingbird
import JSONKit
import LegalCore
import NIOCore
import PublicServices
import RiskAssessment
import Storage
import WorkCalendar

/// The pages people look things up in and take reports from: the service catalog, the calendar of a year,
/// risk assessment, the inspection checklist, and the findings report (page, CSV, XLSX).
extension Web {
    // MARK: catalog

    func servicesPage(_ v: Viewer) async throws -> Response {
        let services = try await catalog.services()
        var c = base(v, title: i18n.t("services_title", v.lang))
        c["services"] = services.values.sorted { $0.id < $1.id }.map { p -> [String: Any] in
            var s: [String: Any] = [
                "id": p.id, "name": I18n.pick(p.name, v.lang), "term": p.term.label[v.lang],
                "hearing": i18n.t(p.hearingRequired ? "yes" : "no", v.lang), "free": i18n.t(p.free ? "yes" : "no", v.lang),
                "documents": p.requiredDocuments.joined(separator: ", "), "systems": p.obtainedFromSystems.joined(separator: ", "),
                "schedule": "\(p.schedule.open)–\(p.schedule.close) (\(p.schedule.timeZone))",
                "permit": i18n.t("permit_\(p.permitCategory.rawValue)", v.lang), "queue": i18n.t(p.queue ? "yes" : "no", v.lang),
            ]
            s.put("refusal_term", p.refusalTerm.map { $0.label[v.lang] })
            return s
        }
        return render("services", c)
    }

    // MARK: calendar

    func calendarPage(_ req: Request, _ v: Viewer) async throws -> Response {
        let (_, today) = try today()
        let asked = req.uri.queryParameters["year"].flatMap { Int(String($0)) }
        let year = asked ?? min(max(today.year, calendar.firstYear), calendar.lastYear)
        guard (calendar.firstYear...calendar.lastYear).contains(year) else {
            throw APIError.rule(i18n.t("calendar_not_covered", v.lang) + " \(calendar.firstYear)–\(calendar.lastYear)", path: "year", code: "calendar_not_covered")
        }
        var c = base(v, title: i18n.t("calendar_title", v.lang) + " \(year)")
        c["year"] = year
        c["years"] = (calendar.firstYear...calendar.lastYear).map { ["year": $0, "selected": $0 == year] }
        let special: [DayInfo]
        do { special = try calendar.specialDays(year: year) } catch { throw APIError.rule(error.description, path: "year", code: error.code) }
        c["special"] = special.map { d -> [String: Any] in
            var s: [String: Any] = ["date": date(d.date, v.lang), "weekday": i18n.t("weekday_\(d.date.isoWeekday)", v.lang),
                                    "kind": i18n.t("day_kind_\(d.kind.rawValue)", v.lang), "kind_class": d.kind.rawValue]
            s.put("name", d.name.map { I18n.pick($0, v.lang) })
            s.put("source", d.source.map { sourceView($0, v.lang) })
            s.put("note", d.note)
            s.put("unconfirmed", d.confirmed ? nil : true)
            return s
        }
        var working = 0
        var months: [[String: Any]] = []
        for m in 1...12 {
            let first = LocalDate(year: year, month: m, day: 1)!
            var weeks: [[[String: Any]]] = []
            var week: [[String: Any]] = Array(repeating: ["blank": true], count: first.isoWeekday - 1)
            for d in 1...LocalDate.daysInMonth(year: year, month: m) {
                let day = LocalDate(year: year, month: m, day: d)!
                let info: DayInfo
                do { info = try calendar.dayInfo(day) } catch { throw APIError.rule(error.description, path: "year", code: error.code) }
                if info.isWorkingDay { working += 1 }
                var cell: [String: Any] = ["day": d, "kind_class": info.kind.rawValue, "kind": i18n.t("day_kind_\(info.kind.rawValue)", v.lang)]
                cell.put("name", info.name.map { I18n.pick($0, v.lang) })
                cell.put("today", day == today ? true : nil)
                week.append(cell)
                if week.count == 7 { weeks.append(week); week = [] }
            }
            if !week.isEmpty { weeks.append(week + Array(repeating: ["blank": true], count: 7 - week.count)) }
            months.append(["name": i18n.t("month_\(m)", v.lang), "weeks": weeks.map { ["days": $0] }])
        }
        c["months"] = months
        c["weekdays"] = (1...7).map { i18n.t("weekday_short_\($0)", v.lang) }
        c["working_days"] = working
        return render("calendar", c)
    }

    // MARK: risk

    /// The latest assessment run (or the demo input): each subject's score broken down, the list for
    /// preventive control with a visit, and the distribution of scores.
    func riskPage(_ v: Viewer, input: String?, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let text: String
        if let input { text = input } else { text = try await store.latestRiskInput() ?? demoRiskInput }
        var c = base(v, title: i18n.t("risk_title", v.lang))
        c["input"] = text
        c.put("error", error)
        if error == nil {
            let (asOf, subjects) = try Web.parseRisk(text)
            let result: (subjects: [SubjectAssessment], list: PreventiveControlList)
            do { result = try RiskAssessment.assess(subjects, asOf: asOf, criteria: criteria) } catch {
                throw RiskAPI.refusal(error)
            }
            let names = Dictionary(subjects.map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
            c["as_of"] = date(asOf, v.lang)
            c["subjects"] = result.subjects.sorted { ($1.score, $0.id) < ($0.score, $1.id) }.map { s -> [String: Any] in
                [
                    "id": s.id, "name": names[s.id] ?? s.id, "score": s.score.display, "category": i18n.t("risk_\(s.category.rawValue)", v.lang),
                    "category_class": s.category.rawValue,
                    "objective": s.objectiveCriteria.isEmpty ? "—" : s.objectiveCriteria.map { "#\($0)" }.joined(separator: ", "),
                    "objective_high": i18n.t(s.objectiveHigh ? "yes" : "no", v.lang),
                    "gross": s.grossViolated.isEmpty ? "—" : s.grossViolated.map { "#\($0)" }.joined(separator: ", "),
                    "significant": "\(s.significant.violated)/\(s.significant.assessed) → \(s.significant.score.display)",
                    "minor": "\(s.minor.violated)/\(s.minor.assessed) → \(s.minor.score.display)",
                    "visit": i18n.t(s.needsVisit ? "yes" : "no", v.lang), "eligible": i18n.t(s.eligible ? "yes" : "no", v.lang),
                    "citations": s.citation.map(\.description).joined(separator: "; "),
                    "readings": s.readings,
                ]
            }
            c["list_due"] = date(result.list.approvalDue, v.lang)
            c["list"] = result.list.subjects.map { ["id": $0, "name": names[$0] ?? $0] }
            c["list_empty"] = result.list.subjects.isEmpty
            // Distribution: subjects per band of 10 points; the bands above the act's threshold are high risk.
            var bands = Array(repeating: 0, count: 10)
            for s in result.subjects {
                let hundredths = Int((s.score.numerator * 100) / max(1, s.score.denominator))
                bands[min(9, max(0, hundredths / 1000))] += 1
            }
            c["chart"] = Charts.columns(bands.enumerated().map { i, n in Charts.Bar(label: "\(i * 10)–\(i * 10 + 10)", value: n, highlight: RiskAssessment.isHighRisk(band: Rational(i * 10))) },
                                        title: i18n.t("chart_risk_distribution", v.lang), description: i18n.t("chart_risk_distribution_desc", v.lang),
                                        height: 220)
        }
        return render("risk", c, status: status)
    }

    func runRisk(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await form(req, v)
        let input = f["input"] ?? ""
        let parsed: (LocalDate, [SubjectData])
        do { parsed = try Web.parseRisk(input) } catch let e as APIError {
            return try await riskPage(v, input: input, error: e.message + (e.path == "$" ? "" : " (\(e.path))"), status: .unprocessableContent)
        }
        let result: (subjects: [SubjectAssessment], list: PreventiveControlList)
        do { result = try RiskAssessment.assess(parsed.1, asOf: parsed.0, criteria: criteria) } catch {
            return try await riskPage(v, input: input, error: error.description, status: .unprocessableContent)
        }
        // Saved like POST /api/v1/risk: the page shows it next time, and the audit log has it.
        _ = try await store.saveRiskRun(body: input, result: RiskJSON.output(result.subjects, result.list), actor: v.id.user.username)
        return try await riskPage(v, input: input)
    }

    /// A risk input (contracts/risk.md), errors as the API's.
    static func parseRisk(_ text: String) throws -> (LocalDate, [SubjectData]) {
        let bytes = Array(text.utf8)
        do {
            return try bytes.withUnsafeBytes { b in try RiskJSON.input(b) }
        } catch let e as InputError { throw APIError.invalid(e.message, path: e.path) }
    }

    // MARK: checklist

    func checklistPage(_ v: Viewer, form: [String: String], result: Bool, status: HTTPResponse.Status = .ok) async throws -> Response {
        let cl = criteria.checklist
        func pick(_ b: RiskCriteria.Bilingual) -> String { v.lang == .ru ? b.ru : b.kk }
        var c = base(v, title: pick(cl.title))
        c["checklist_title"] = pick(cl.title)
        c["header"] = cl.header.map { ["id": $0.id, "label": pick($0.label), "value": form["h_" + $0.id] ?? ""] }
        c["requirements"] = cl.requirements.map { r -> [String: Any] in
            let a = form["r_\(r.number)"]
            return ["number": r.number, "criterion": r.criterion, "text": pick(r.text),
                    "yes": a == "yes", "no": a == "no", "complies": pick(cl.answers.complies), "not": pick(cl.answers.doesNotComply)]
        }
        c["signatures"] = cl.signatures.map { ["id": $0.id, "label": pick($0.label), "value": form["s_" + $0.id] ?? ""] }
        if result {
            var answers: [Int: Bool] = [:]
            for r in cl.requirements { if let a = form["r_\(r.number)"] { answers[r.number] = a == "yes" } }
            let s = RiskAssessment.checklistScore(answers: answers, criteria: criteria)
            c["result"] = [
                "answered": answers.count, "violated": s.violated.isEmpty ? "—" : s.violated.map { "#\($0)" }.joined(separator: ", "),
                "gross": s.gross.isEmpty ? "—" : s.gross.map { "#\($0)" }.joined(separator: ", "),
                "significant": "\(s.significant.violated)/\(s.significant.assessed) → \(s.significant.score.display)",
                "minor": "\(s.minor.violated)/\(s.minor.assessed) → \(s.minor.score.display)",
                "score": s.score.display, "category": i18n.t("risk_\(s.category.rawValue)", v.lang), "category_class": s.category.rawValue,
                "citations": RiskAssessment.checklistCitations(violated: s.violated).map(\.description).joined(separator: "; "),
            ] as [String: Any]
        }
        return render("checklist", c, status: status)
    }

    func scoreChecklist(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await form(req, v)
        let subject = f.text("h_" + (criteria.checklist.header.first?.id ?? "subject")) ?? f.text("subject") ?? ""
        var answers: [(Int, Bool)] = []
        for r in criteria.checklist.requirements {
            guard let a = f["r_\(r.number)"] else { continue }
            guard a == "yes" || a == "no" else { return try await checklistPage(v, form: f.plain, result: false, status: .unprocessableContent) }
            answers.append((r.number, a == "yes"))
        }
        guard !subject.isEmpty else {
            var page = try await checklistPage(v, form: f.plain, result: false, status: .unprocessableContent)
            page.headers[HTTPField.Name("X-Rasim-Error")!] = "subject"
            return page
        }
        // Stored like POST /api/v1/checklists/score.
        let body = JSONText.object([("subject", JSONText.string(subject)),
                                    ("answers", JSONText.array(answers.map { JSONText.object([("requirement", String($0.0)), ("complies", $0.1 ? "true" : "false")]) }))])
        let out = ChecklistJSON.output(subject: subject, answered: answers.count, criteria: criteria, answers: Dictionary(answers, uniquingKeysWith: { a, _ in a }))
        _ = try await store.saveChecklist(subject: subject, body: body, result: out, actor: v.id.user.username)
        return try await checklistPage(v, form: f.plain, result: true)
    }

    // MARK: findings report

    /// The findings the report covers: visible applications filtered like the register, one row per finding.
    func reportRows(_ req: Request, _ v: Viewer) async throws -> (filter: RegisterFilter, rows: [(Judged, Finding)], items: [Judged]) {
        let filter = try RegisterFilter(req)
        let (_, items) = try await judge(try await visibleApplications(v, provider: filter.provider, service: filter.service))
        var f = filter
        f.finding = nil
        let kept = items.filter(f.keeps)
        var rows: [(Judged, Finding)] = []
        for j in kept { for x in j.findings where filter.finding.map({ $0 == x.code }) ?? true { rows.append((j, x)) } }
        rows.sort { ($0.0.receiptDay ?? LocalDate(dayNumber: 0), $0.0.row.id, $0.1.code) < ($1.0.receiptDay ?? LocalDate(dayNumber: 0), $1.0.row.id, $1.1.code) }
        return (filter, rows, kept)
    }

    func reportPage(_ req: Request, _ v: Viewer) async throws -> Response {
        let (filter, rows, items) = try await reportRows(req, v)
        let services = try await catalog.services()
        var c = base(v, title: i18n.t("report_title", v.lang))
        c["total"] = rows.count
        c["applications"] = items.count
        c["query"] = filter.query()
        c["from"] = filter.from?.description ?? ""; c["to"] = filter.to?.description ?? ""
        let visible = try await store.organizations().filter { Guard.canSee(v.id, provider: $0.id) }
        c["providers"] = options(visible.map { ($0.id, $0.name) }, selected: filter.provider)
        c["codes"] = options(FindingCode.allCases.map { ($0.rawValue, i18n.t("code_\($0.rawValue)", v.lang)) }, selected: filter.finding)
        c["services"] = options(services.values.sorted { $0.id < $1.id }.map { ($0.id, I18n.pick($0.name, v.lang)) }, selected: filter.service)
        let shown = items.map { j -> Judged in var k = j; k.findings = j.findings.filter { f in filter.finding.map { $0 == f.code } ?? true }; return k }
        let codes = codeCounts(shown, v.lang)
        c["chart_month"] = Charts.columns(findingsPerMonth(shown, v.lang), title: i18n.t("chart_findings_per_month", v.lang),
                                          description: i18n.t("chart_findings_per_month_desc", v.lang))
        c["chart_code"] = Charts.rows(codes.map { Charts.Bar(label: $0.label, value: $0.count) },
                                      title: i18n.t("chart_findings_per_code", v.lang), description: i18n.t("chart_findings_per_code_desc", v.lang))
        c["codes_table"] = codes.map { ["code": $0.code, "label": $0.label, "count": $0.count] }
        return render("report", c)
    }

    /// The report's columns, in the viewer's language.
    func reportTable(_ rows: [(Judged, Finding)], _ v: Viewer) async throws -> (header: [String], rows: [[XLSXWriter.Cell]]) {
        let services = try await catalog.services()
        let orgs = try await organizationNames()
        let header = ["report_col_application", "report_col_service", "report_col_provider", "report_col_received", "report_col_code",
                      "report_col_finding", "report_col_severity", "report_col_due", "report_col_actual", "report_col_late",
                      "report_col_citation", "report_col_message"].map { i18n.t($0, v.lang) }
        let out = rows.map { (j, f) -> [XLSXWriter.Cell] in
            [.text(j.row.id), .text(serviceName(j.row.service, services, v.lang)), .text(orgs[j.row.provider] ?? j.row.provider),
             j.receiptDay.map { .text($0.description) } ?? .empty, .text(f.code), .text(i18n.t("code_\(f.code)", v.lang)),
             .text(I18n.pick(f.severity.label, v.lang)), f.due.map { .text($0.description) } ?? .empty,
             f.actual.map { .text($0.description) } ?? .empty, f.lateWorkingDays.map { .number($0) } ?? .empty,
             .text(f.citation.map(\.description).joined(separator: "; ")), .text(I18n.pick(f.message, v.lang))]
        }
        return (header, out)
    }

    static func download(_ bytes: ByteBuffer, type: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(filename)\"", .cacheControl: "no-store"],
                 body: .init(byteBuffer: bytes))
    }

    func findingsCSV(_ req: Request, _ v: Viewer) async throws -> Response {
        let (_, rows, _) = try await reportRows(req, v)
        let table = try await reportTable(rows, v)
        func cell(_ c: XLSXWriter.Cell) -> String {
            switch c {
            case .empty: return ""
            case .number(let n): return String(n)
            case .text(let t):
                // RFC 4180 quoting; a leading = + - @ TAB CR is prefixed so a spreadsheet never runs it as a formula
                // (OWASP CSV injection: a spreadsheet skips a leading TAB or CR and reads the formula after it).
                let safe = t.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true ? "'" + t : t
                return safe.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
            }
        }
        var text = "\u{FEFF}" + table.header.map { cell(.text($0)) }.joined(separator: ",") + "\r\n"
        for r in table.rows { text += r.map(cell).joined(separator: ",") + "\r\n" }
        return Web.download(ByteBuffer(string: text), type: "text/csv; charset=utf-8", filename: "rasim-findings.csv")
    }

    func findingsXLSX(_ req: Request, _ v: Viewer) async throws -> Response {
        let (_, rows, _) = try await reportRows(req, v)
        let table = try await reportTable(rows, v)
        let book = XLSXWriter(sheetName: i18n.t("report_sheet", v.lang), header: table.header, rows: table.rows,
                              widths: [14, 40, 36, 12, 26, 40, 14, 12, 12, 10, 44, 90])
        return Web.download(ByteBuffer(bytes: book.data()), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            filename: "rasim-findings.xlsx")
    }
}
