import Foundation
import HTTPTypes
import Hummingbird
import JSONKit
import LegalCore
import RiskAssessment
import Storage
import WebKit
import WorkCalendar

/// PS-RISK-2023's pages: risk assessment (the latest run, or the demo input, with each subject's score
/// broken down, the list for preventive control and the distribution of scores) and the inspection checklist.
struct RiskPages: Sendable {
    let kit: PageKit
    let store: Store
    let calendar: KazakhCalendar
    let criteria: RiskCriteria
    let demoInput: String

    func register(_ router: Router<AppContext>) {
        router.get("risk") { req, ctx in
            await kit.guarded(req, ctx, route: RiskAPI.assess) { v in
                req.uri.queryParameters["from"] == "workspace" ? try await self.workspaceRisk(req, v) : try await self.riskPage(v, input: nil)
            }
        }
        router.post("risk") { req, ctx in await kit.guarded(req, ctx, route: RiskAPI.assess) { v in try await self.runRisk(req, v) } }
        router.get("checklist") { req, ctx in await kit.guarded(req, ctx, route: RiskAPI.scoreChecklist) { v in try await self.checklistPage(v, form: [:], result: false) } }
        router.post("checklist") { req, ctx in await kit.guarded(req, ctx, route: RiskAPI.scoreChecklist) { v in try await self.scoreChecklist(req, v) } }
    }

    // MARK: risk

    /// The latest assessment run (or the demo input): each subject's score broken down, the list for
    /// preventive control with a visit, and the distribution of scores.
    /// An assessment made: its input's day and subjects, and the result.
    struct Run {
        let asOf: LocalDate
        let subjects: [SubjectData]
        let result: (subjects: [SubjectAssessment], list: PreventiveControlList)
    }

    /// The page with `input` (the latest stored run's, or the demo's, when nil) and its assessment — `run` when
    /// the caller has just made it, else made here.
    func riskPage(_ v: Viewer, input: String?, run: Run? = nil, error: String? = nil, status: HTTPResponse.Status = .ok,
                  workspace: (asOf: String, subjects: [String])? = nil, fromWorkspace: Bool = false) async throws -> Response {
        let text: String
        if let input { text = input } else { text = try await store.latestRiskInput() ?? demoInput }
        var c = kit.base(v, title: kit.i18n.t("risk_title", v.lang))
        // The form that makes the input from the workspace's records: the viewer's organizations and a day.
        let chosen = Set(workspace?.subjects ?? [])
        let localNames = try await store.organizationNames(lang: v.lang.rawValue)
        c["ws_organizations"] = try await store.organizations().filter { v.id.canSee(provider: $0.id) }.map { o in
            ["id": o.id, "name": localNames[o.id] ?? o.name, "checked": workspace == nil || chosen.contains(o.id)] as [String: Any]
        }
        let today = try Today.of(calendar).day
        c["ws_as_of"] = workspace?.asOf ?? today.description
        c.put("from_workspace", fromWorkspace ? true : nil)
        if workspace != nil, error != nil { c["ws_error"] = error }
        c["input"] = text
        c.put("error", workspace == nil ? error : nil)
        if error == nil {
            let made: Run
            if let run { made = run } else {
                let (asOf, subjects) = try Self.parseRisk(text)
                do { made = Run(asOf: asOf, subjects: subjects, result: try RiskAssessment.assess(subjects, asOf: asOf, criteria: criteria)) } catch {
                    throw RiskAPI.refusal(error)
                }
            }
            let (asOf, subjects, result) = (made.asOf, made.subjects, made.result)
            // A subject that is one of ours is named in the reader's language; another, as its input names it.
            let names = Dictionary(subjects.map { ($0.id, localNames[$0.id] ?? $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
            c["as_of"] = kit.date(asOf, v.lang)
            c["subjects"] = result.subjects.sorted { ($1.score, $0.id) < ($0.score, $1.id) }.map { s -> [String: Any] in
                [
                    "id": s.id, "name": names[s.id] ?? s.id, "score": s.score.display, "category": kit.i18n.t("risk_\(s.category.rawValue)", v.lang),
                    "category_class": s.category.rawValue,
                    "objective": s.objectiveCriteria.isEmpty ? "—" : s.objectiveCriteria.map { "#\($0)" }.joined(separator: ", "),
                    "objective_high": kit.i18n.t(s.objectiveHigh ? "yes" : "no", v.lang),
                    "gross": s.grossViolated.isEmpty ? "—" : s.grossViolated.map { "#\($0)" }.joined(separator: ", "),
                    "significant": "\(s.significant.violated)/\(s.significant.assessed) → \(s.significant.score.display)",
                    "minor": "\(s.minor.violated)/\(s.minor.assessed) → \(s.minor.score.display)",
                    "visit": kit.i18n.t(s.needsVisit ? "yes" : "no", v.lang), "eligible": kit.i18n.t(s.eligible ? "yes" : "no", v.lang),
                    "citations": s.citation.map { kit.citation($0, v.lang) }.joined(separator: "; "),
                    "readings": s.readings.map { $0[v.lang] },
                ]
            }
            c["list_due"] = kit.date(result.list.approvalDue, v.lang)
            c["list"] = result.list.subjects.map { ["id": $0, "name": names[$0] ?? $0] }
            c["list_empty"] = result.list.subjects.isEmpty
            // Distribution: subjects per band of 10 points; the bands above the act's threshold are high risk.
            var bands = Array(repeating: 0, count: 10)
            for s in result.subjects {
                let hundredths = Int((s.score.numerator * 100) / max(1, s.score.denominator))
                bands[min(9, max(0, hundredths / 1000))] += 1
            }
            c["chart"] = Charts.columns(bands.enumerated().map { i, n in Charts.Bar(label: "\(i * 10)–\(i * 10 + 10)", value: n, highlight: RiskAssessment.isHighRisk(band: Rational(i * 10))) },
                                        title: kit.i18n.t("chart_risk_distribution", v.lang), description: kit.i18n.t("chart_risk_distribution_desc", v.lang),
                                        height: 220)
        }
        return kit.render("risk", c, status: status)
    }

    func runRisk(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let input = f["input"] ?? ""
        let parsed: (LocalDate, [SubjectData])
        do { parsed = try Self.parse(input) } catch {
            return try await riskPage(v, input: input, error: inputError(error, v.lang), status: .unprocessableContent)
        }
        let result: (subjects: [SubjectAssessment], list: PreventiveControlList)
        do { result = try RiskAssessment.assess(parsed.1, asOf: parsed.0, criteria: criteria) } catch {
            let key = error.code == "act_not_in_force" ? "risk_error_act_not_in_force" : "risk_error_date_out_of_range"
            return try await riskPage(v, input: input, error: kit.i18n.t(key, v.lang, ["date": kit.date(parsed.0, v.lang)]),
                                      status: .unprocessableContent)
        }
        // Saved like POST /api/v1/risk: the page shows it next time, and the audit log has it.
        _ = try await store.saveRiskRun(body: input, result: RiskJSON.output(result.subjects, result.list), actor: v.id.user.username)
        return try await riskPage(v, input: input, run: Run(asOf: parsed.0, subjects: parsed.1, result: result))
    }

    /// A risk input (docs/reference/risk.md), errors as the API's.
    static func parseRisk(_ text: String) throws -> (LocalDate, [SubjectData]) {
        do { return try parse(text) } catch { throw APIError.invalid(error.message, path: error.path) }
    }

    static func parse(_ text: String) throws(InputError) -> (LocalDate, [SubjectData]) {
        var copy = text
        let result: Result<(LocalDate, [SubjectData]), InputError> = copy.withUTF8 { buf in
            do throws(InputError) { return .success(try RiskJSON.input(UnsafeRawBufferPointer(buf))) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The codec's refusal in the viewer's words: where (the input, the assessment day, the n-th subject and
    /// which of its fields) and what is wrong with it — no JSON path, no English.
    func inputError(_ e: InputError, _ lang: Language) -> String {
        let t = kit.i18n
        var whereText = t.t("risk_where_input", lang)
        // A text that is not JSON is placed by line and column, not by the field the parser was in.
        if e.reason != .json {
            if e.path == "$.asOf" { whereText = t.t("risk_field_asOf", lang) }
            if e.path == "$.subjects" { whereText = t.t("risk_field_subjects", lang) }
            if let m = e.path.firstMatch(of: /^\$\.subjects\[(\d+)\](.*)$/), let n = Int(m.1) {
                whereText = t.t("risk_where_subject", lang, ["n": String(n + 1)])
                // The field without list positions: ".objective.inspectionsLastYear", ".subjective.violated[2]".
                let field = String(m.2).replacing(/\[\d+\]/, with: "").split(separator: ".").joined(separator: "_")
                if !field.isEmpty, let label = t.tables[lang]?["risk_field_" + field] { whereText += ", " + label }
            }
        }
        var what = t.tables[lang]?["input_error_" + e.reason.rawValue] ?? t.t("input_error_other", lang)
        if e.reason == .json, let m = e.message.firstMatch(of: /line (\d+), column (\d+)/) {
            what = t.t("input_error_json_at", lang, ["line": String(m.1), "column": String(m.2)])
        }
        return whereText + ": " + what
    }

    // MARK: checklist

    /// A refusal of the form, in the viewer's language, beside the field it concerns (`h-<header id>` or
    /// `r-<requirement number>`); the summary at the top links to it.
    struct FieldError { let field: String; let text: String }

    func checklistPage(_ v: Viewer, form: [String: String], result: Bool, error: FieldError? = nil,
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let cl = criteria.checklist
        func pick(_ b: RiskCriteria.Bilingual) -> String { v.lang == .ru ? b.ru : b.kk }
        var c = kit.base(v, title: pick(cl.title))
        c["checklist_title"] = pick(cl.title)
        if let error { c["form_error"] = error.text; c["form_error_field"] = error.field }
        c["header"] = cl.header.map { h -> [String: Any] in
            var e: [String: Any] = ["id": h.id, "label": pick(h.label), "value": form["h_" + h.id] ?? ""]
            e.put("field_error", error.flatMap { $0.field == "h-" + h.id ? $0.text : nil })
            return e
        }
        c["requirements"] = cl.requirements.map { r -> [String: Any] in
            let a = form["r_\(r.number)"]
            var e: [String: Any] = ["number": r.number, "criterion": r.criterion, "text": pick(r.text),
                                    "citation": kit.citation(Citation(.psRisk2023, "App.1 #\(r.criterion)"), v.lang),
                                    "yes": a == "yes", "no": a == "no", "complies": pick(cl.answers.complies), "not": pick(cl.answers.doesNotComply)]
            e.put("field_error", error.flatMap { $0.field == "r-\(r.number)" ? $0.text : nil })
            return e
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
                "score": s.score.display, "category": kit.i18n.t("risk_\(s.category.rawValue)", v.lang), "category_class": s.category.rawValue,
                "citations": RiskAssessment.checklistCitations(violated: s.violated).map { kit.citation($0, v.lang) }.joined(separator: "; "),
            ] as [String: Any]
        }
        return kit.render("checklist", c, status: status)
    }

    func scoreChecklist(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let subjectField = criteria.checklist.header.first?.id ?? "subject"
        let subject = f.text("h_" + subjectField) ?? f.text("subject") ?? ""
        func refuse(_ field: String, _ key: String) async throws -> Response {
            var page = try await checklistPage(v, form: f.plain, result: false, error: FieldError(field: field, text: kit.i18n.t(key, v.lang)),
                                               status: .unprocessableContent)
            page.headers[HTTPField.Name("X-Rasim-Error")!] = field
            return page
        }
        var answers: [(Int, Bool)] = []
        for r in criteria.checklist.requirements {
            guard let a = f["r_\(r.number)"] else { continue }
            guard a == "yes" || a == "no" else { return try await refuse("r-\(r.number)", "checklist_error_answer") }
            answers.append((r.number, a == "yes"))
        }
        guard !subject.isEmpty else { return try await refuse("h-" + subjectField, "checklist_error_subject") }
        // Stored like POST /api/v1/checklists/score.
        let body = JSONText.object([("subject", JSONText.string(subject)),
                                    ("answers", JSONText.array(answers.map { JSONText.object([("requirement", String($0.0)), ("complies", $0.1 ? "true" : "false")]) }))])
        let out = ChecklistJSON.output(subject: subject, answered: answers.count, criteria: criteria, answers: Dictionary(answers, uniquingKeysWith: { a, _ in a }))
        _ = try await store.saveChecklist(subject: subject, body: body, result: out, actor: v.id.user.username)
        return try await checklistPage(v, form: f.plain, result: true)
    }
}
