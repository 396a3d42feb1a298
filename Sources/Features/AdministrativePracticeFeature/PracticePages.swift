import AdministrativePractice
import Foundation
import Hummingbird
import Identifiers
import NIOCore
import LegalCore
import Storage
import JSONKit
import WebKit

/// ADM-PRACTICE-2025's page: the bodies the user sees, each with its findings — what expires soonest first —,
/// its semi-annual reports and its indicator by year, in the user's language. The same use case as the routes
/// (`PracticeAPI.judged`).
struct PracticePages: Sendable {
    let kit: PageKit
    let api: PracticeAPI

    func register(_ router: Router<AppContext>) {
        let read = PracticeAPI.getBody
        router.get("practice") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.page(v, FormState(req)) } }
        router.get("practice/{id}/cases") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.cases(ctx, v, FormState(req)) } }
        router.get("practice/{id}/procedures") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.procedures(ctx, v, FormState(req)) } }
        router.get("practice/{id}/procedures/{procedure}") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.instruction(ctx, v, FormState(req)) } }
        router.get("practice/{id}/report") { req, ctx in
            await kit.guarded(req, ctx, route: read) { v in try await self.report(try Self.period(req, v, kit), ctx, v, xlsx: false, FormState(req)) }
        }
        router.get("practice/{id}/knowledge-base") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.knowledgeBase(ctx, v, FormState(req)) } }
        router.get("practice/{id}/indicator") { req, ctx in await kit.guarded(req, ctx, route: read) { v in try await self.indicator(ctx, v, FormState(req)) } }
        router.get("practice/{id}/report.xlsx") { req, ctx in
            await kit.guarded(req, ctx, route: read) { v in try await self.report(try Self.period(req, v, kit), ctx, v, xlsx: true, FormState(req)) }
        }
        PracticeForms(pages: self).register(router)
    }

    /// `?period=YYYY-06|12`, nil when not given.
    static func period(_ req: Request, _ v: Viewer, _ kit: PageKit) throws -> HalfYear? {
        guard let text = req.uri.queryParameters["period"].map(String.init), !text.isEmpty else { return nil }
        guard let p = HalfYear(text) else { throw APIError.invalid(kit.i18n.t("app4_unknown_period", v.lang), path: "period") }
        return p
    }

    /// A page's forms as they stand: saved a moment ago (`?saved=1`), or refused with a problem and what was typed.
    struct FormState: Sendable {
        var problem: PracticeForms.Problem?
        var values: [String: String] = [:]
        var saved = false
        init(problem: PracticeForms.Problem, values: [String: String]) { self.problem = problem; self.values = values }
        init(_ req: Request) { saved = req.uri.queryParameters["saved"] == "1" }

        /// Into a page: whether the viewer keeps this body's registry (`keeps`: the forms are shown), the notice,
        /// each field's error (`err_<field>`, its input `pf-<field>`) and what was typed (`v_<field>`).
        func apply(_ c: inout [String: Any], body: String?, _ v: Viewer, _ kit: PageKit) {
            c["keeps"] = v.may(PracticeAPI.putBody) && body.map { v.id.canSee(provider: $0) } == true
            if saved { c["notice"] = ["kind": "success", "text": kit.i18n.t("form_saved", v.lang)] as [String: Any] }
            if let problem {
                var n: [String: Any] = ["kind": "error", "text": problem.text]
                if !problem.field.isEmpty { n["field_id"] = "pf-" + problem.field; c["err_" + problem.field] = problem.text }
                c["notice"] = n
            }
            for (k, value) in values { c["v_" + k] = value }
        }
    }

    /// §8 and App.1: the body's list of procedures, each with its instruction's state and its findings.
    func procedures(_ ctx: AppContext, _ v: Viewer, _ state: FormState) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let today = try Today.of(api.calendar).day
        let findings = try await PracticeAPI.judged(api.store, calendar: api.calendar, bodies: [body], asOf: today).findings
        var c = kit.base(v, title: t("procedures_title"))
        c["name"] = name; c["as_of"] = kit.date(today, v.lang); c["id"] = body.id; c["today"] = today.description
        state.apply(&c, body: body.id, v, kit)
        c["procedures"] = body.procedures.filter { $0.listedOn <= today }.map { p -> [String: Any] in
            let current = p.instructions.filter { $0.approvedOn <= today }.max { $0.approvedOn < $1.approvedOn }
            let state = current.map { i in
                "\(i.version) — \(kit.date(i.approvedOn, v.lang)), \(I18n.pick(i.approver.label, v.lang)), "
                    + t(i.placedOn.map { $0 <= today } == true ? "procedures_placed" : "procedures_not_placed")
            } ?? t("procedures_none")
            return ["id": p.id, "body": body.id, "public_service": p.publicService, "listed": kit.date(p.listedOn, v.lang), "current": state,
                    "versions": p.instructions.count, "changes": p.orderChanges.sorted().map { kit.date($0, v.lang) }.joined(separator: ", "),
                    "findings": findings.filter { $0.subject == p.id && $0.code != .deadlineApproaching }.count]
        }
        return kit.render("practice_procedures", c)
    }

    /// §9 and App.2: a procedure's instruction, its versions side by side, what each changed marked.
    func instruction(_ ctx: AppContext, _ v: Viewer, _ state: FormState) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let raw = try ctx.parameters.require("procedure")
        let pid = raw.removingPercentEncoding ?? raw
        guard RecordID.problem(pid) == nil, let p = body.procedures.first(where: { $0.id == pid }) else {
            throw APIError.notFound(t("procedures_none"), path: "procedure")
        }
        let versions = p.instructions.sorted { $0.approvedOn < $1.approvedOn }
        var c = kit.base(v, title: t("instruction_title"))
        c["name"] = name; c["procedure"] = p.id; c["body"] = body.id; c["today"] = try Today.of(api.calendar).day.description
        c["action"] = "/practice/\(body.id)/procedures/\(PageKit.segment(p.id))"
        c["changes"] = p.orderChanges.sorted().map { kit.date($0, v.lang) }.joined(separator: ", ")
        c["no_versions"] = versions.isEmpty
        c["approvers"] = Instruction.Approver.allCases.map { a in
            ["value": a.rawValue, "label": I18n.pick(a.label, v.lang), "selected": (state.values["approver"] ?? "head") == a.rawValue] as [String: Any]
        }
        let unplaced = versions.filter { $0.placedOn == nil }
        c["unplaced"] = unplaced.map { ["version": $0.version] }
        c["has_unplaced"] = !unplaced.isEmpty
        state.apply(&c, body: body.id, v, kit)
        // The new version's App.2 rows: what was typed, else the current version's wording to edit.
        let current = versions.last
        let rowKeys: [String] = ["name"] + (1...16).map(String.init)
        c["new_rows"] = rowKeys.map { row -> [String: Any] in
            let label: String = (row == "name" ? "" : row + ". ") + t("app2_row_" + row)
            let value: String = state.values["row_" + row] ?? current?.app2[row] ?? ""
            return ["key": "row_" + row, "label": label, "value": value]
        }
        c["versions"] = versions.map { i -> [String: Any] in
            ["version": i.version, "approved": kit.date(i.approvedOn, v.lang), "approver": I18n.pick(i.approver.label, v.lang),
             "placed": kit.date(i.placedOn, v.lang)]
        }
        var rows: [[String: Any]] = []
        for row in rowKeys {
            var cells: [[String: Any]] = []
            for (k, i) in versions.enumerated() {
                let text = i.app2[row] ?? ""
                let before = k > 0 ? (versions[k - 1].app2[row] ?? "") : text
                cells.append(["text": text.isEmpty ? "—" : text, "changed": before != text])
            }
            let label = (row == "name" ? "" : row + ". ") + t("app2_row_" + row)
            rows.append(["label": label, "cells": cells])
        }
        c["rows"] = rows
        return kit.render("practice_instruction", c)
    }

    var words: PracticeWords { PracticeWords(i18n: kit.i18n) }

    /// §11: the knowledge base by quarter — each quarter's reviews, the instruction versions placed in it, and
    /// whether the quarter's review was due, done, missed or still running (`Practice.knowledgeBaseQuarters`, the
    /// same reading as the finding).
    func knowledgeBase(_ ctx: AppContext, _ v: Viewer, _ state: FormState) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let today = try Today.of(api.calendar).day
        let placements = body.procedures.flatMap { p in
            p.instructions.compactMap { i in i.placedOn.flatMap { $0 <= today ? (p.id, i.version, $0) : nil } }
        }
        var c = kit.base(v, title: t("kb_title"))
        c["name"] = name; c["id"] = body.id; c["as_of"] = kit.date(today, v.lang); c["today"] = today.description
        state.apply(&c, body: body.id, v, kit)
        let quarters = Practice.knowledgeBaseQuarters(body, asOf: today)
        c["empty"] = quarters.isEmpty
        c["quarters"] = quarters.reversed().map { q -> [String: Any] in
            let placed = placements.filter { q.first <= $0.2 && $0.2 <= q.last }.sorted { ($0.2, $0.0) < ($1.2, $1.0) }
            return ["quarter": words.quarter(year: q.year, number: q.number, v.lang), "id": q.id, "state": q.state.rawValue,
                    "state_label": t("kb_state_" + q.state.rawValue),
                    "state_class": ["reviewed": "met", "missed": "overdue", "running": "due_next", "not_required": ""][q.state.rawValue] ?? "",
                    "period": kit.date(q.first, v.lang) + " – " + kit.date(q.last, v.lang),
                    "reviews": q.reviews.isEmpty ? "—" : q.reviews.map { kit.date($0, v.lang) }.joined(separator: ", "),
                    "placed": placed.isEmpty ? "—" : placed.map { "\($0.0) (\($0.1), \(kit.date($0.2, v.lang)))" }.joined(separator: "; ")]
        }
        return kit.render("practice_knowledge_base", c)
    }

    /// §5.7: the share of the body's acts found illegal by year against the year's target, as a table and a chart.
    func indicator(_ ctx: AppContext, _ v: Viewer, _ state: FormState) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let today = try Today.of(api.calendar).day
        let rows = try await PracticeAPI.judged(api.store, calendar: api.calendar, bodies: [body], asOf: today).indicator
        var c = kit.base(v, title: t("indicator_title"))
        c["name"] = name; c["id"] = body.id; c["as_of"] = kit.date(today, v.lang)
        state.apply(&c, body: body.id, v, kit)
        let chosen = state.values["year"].flatMap(Int.init) ?? today.year + 1
        c["years"] = (2025...today.year + 1).reversed().map { ["value": String($0), "selected": $0 == chosen] as [String: Any] }
        c["rows"] = rows.map { i -> [String: Any] in
            ["year": String(i.year), "decided": i.decided, "illegal": i.illegal, "share": kit.decimal(i.share, v.lang),
             "previous": kit.decimal(i.previousShare, v.lang), "target": kit.decimal(i.target, v.lang),
             "met": t(i.met.map { $0 ? "practice_met_yes" : "practice_met_no" } ?? "practice_met_unknown"), "missed": i.met == false]
        }
        c["empty"] = rows.isEmpty
        let described = rows.map { i in
            t("indicator_chart_year").replacingOccurrences(of: "{year}", with: String(i.year))
                .replacingOccurrences(of: "{share}", with: kit.percent(i.share, v.lang))
                .replacingOccurrences(of: "{target}", with: kit.percent(i.target, v.lang))
        }.joined(separator: "; ")
        c["chart"] = Charts.shares(rows.map { i in
            Charts.Share(label: String(i.year), value: i.share.map { Double($0.numerator) / Double($0.denominator) }, valueText: kit.percent(i.share, v.lang),
                         target: i.target.map { Double($0.numerator) / Double($0.denominator) }, targetText: i.target == nil ? "" : kit.percent(i.target, v.lang), highlight: i.met == false)
        }, title: t("indicator_chart_title"), description: described, valueLegend: t("indicator_legend_share"), targetLegend: t("indicator_legend_target"))
        return kit.render("practice_indicator", c)
    }

    /// A stored body the viewer sees, with its organization's name — or the page's 404.
    func visibleBody(_ ctx: AppContext, _ v: Viewer) async throws -> (body: Body, name: String) {
        let id = try Requests.pathID(ctx)
        guard v.id.canSee(provider: id), let body = try await api.stored(visible: [id]).first else {
            throw APIError.notFound(kit.i18n.t("practice_empty", v.lang), path: "id")
        }
        return (body, try await api.store.organizationNames(lang: v.lang.rawValue)[id] ?? id)
    }

    /// App.3's 13 numbered columns with their headings.
    func app3Columns(_ v: Viewer) -> [[String: Any]] {
        (1...13).map { ["number": String($0), "label": kit.i18n.t("app3_col_\($0)", v.lang)] }
    }

    /// App.3's 13 cells for each case, in the viewer's language, as they stand on `today`.
    func app3Rows(_ cases: [CourtCase], name: String, today: LocalDate, _ v: Viewer) -> [(id: String, cells: [String])] {
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        func date(_ d: LocalDate?) -> String { kit.date(d, v.lang) }
        func join(_ parts: [String?]) -> String { parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ") }
        func decision(_ d: CourtCase.Decision?) -> String {
            guard let d, d.date <= today else { return "" }
            return join([d.caseNumber, date(d.date), t("app3_outcome_\(d.outcome.rawValue)"), d.content])
        }
        return cases.enumerated().map { i, k in
            let final = k.inForceOn.map { $0 <= today } ?? false
            let instance = k.cassation.map { _ in "app3_instance_cassation" } ?? k.appeal.map { _ in "app3_instance_appeal" } ?? "app3_instance_first"
            return (k.id, [
                String(i + 1), name,
                final ? t("app3_status_final") + " (" + date(k.inForceOn) + ")" : t("app3_status_pending") + " (" + t(instance) + ")",
                join([k.actName, k.actContent, date(k.actAdoptedOn)]),
                join([t(k.pretrialHeld ? "app3_pretrial_held" : "app3_pretrial_not_held"), k.pretrialBy, k.pretrialAct, k.pretrialReason]),
                k.claim ?? "", decision(k.firstInstance), decision(k.appeal), decision(k.cassation),
                k.annulmentReasons ?? "", k.preventiveMeasures ?? "", k.causeMeasures ?? "",
                k.privateRulings.map { join([$0.content, $0.action]) }.joined(separator: " | "),
            ])
        }
    }

    /// §16 and App.4: the semi-annual generalization report for a chosen period (`?period=YYYY-06|12`, the latest by
    /// default) — the figures the report states and the App.3 rows of the cases in proceedings in it; as a page or XLSX.
    func report(_ chosen: HalfYear?, _ ctx: AppContext, _ v: Viewer, xlsx: Bool, _ state: FormState) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let today = try Today.of(api.calendar).day
        let rows = try await PracticeAPI.judged(api.store, calendar: api.calendar, bodies: [body], asOf: today).reports
        guard let latest = rows.last else { throw APIError.notFound(t("practice_not_covered"), path: "id") }
        var period = latest.period
        if let chosen {
            guard rows.contains(where: { $0.period == chosen }) else { throw APIError.invalid(t("app4_unknown_period"), path: "period") }
            period = chosen
        }
        let row = rows.first { $0.period == period }!
        let cases = app3Rows(Practice.casesInProceedings(body, period: period, asOf: today), name: name, today: today, v)
        if xlsx {
            let book = XLSXWriter(sheetName: "App.3 " + period.description, header: (1...13).map { t("app3_col_\($0)") },
                                  rows: cases.map { $0.cells.map { XLSXWriter.Cell.text($0) } }, widths: [6, 24, 22, 30, 30, 28, 30, 30, 30, 28, 28, 28, 30])
            return PageKit.download(ByteBuffer(bytes: book.data()), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                    filename: "rasim-app3-\(body.id)-\(period).xlsx")
        }
        var c = kit.base(v, title: t("app4_title"))
        c["name"] = name; c["id"] = body.id; c["period"] = period.description
        c["from"] = kit.date(period.from, v.lang); c["to"] = kit.date(period.to, v.lang); c["due"] = kit.date(row.due, v.lang)
        c["status"] = t("practice_status_\(row.status.rawValue)")
        c.put("submitted", row.submittedOn.map { kit.date($0, v.lang) })
        c["today"] = today.description
        state.apply(&c, body: body.id, v, kit)
        c["cases_count"] = row.casesInProceedings; c["for_body"] = row.decisionsForBody; c["against_body"] = row.decisionsAgainstBody
        c["fields"] = row.fields.isEmpty ? "—" : row.fields.joined(separator: ", ")
        c["periods"] = rows.map { ["value": $0.period.description, "label": words.period($0.period, v.lang), "selected": $0.period == period] }
        c["period_label"] = words.period(period, v.lang)
        c["columns"] = app3Columns(v)
        c["rows"] = cases.map { ["id": $0.id, "cells": $0.cells] }
        c["empty"] = cases.isEmpty
        return kit.render("practice_report", c)
    }

    /// App.3: the body's court cases, one row per case, its 13 columns as the decree's form has them, printable
    /// on A4 landscape.
    func cases(_ ctx: AppContext, _ v: Viewer, _ state: FormState) async throws -> Response {
        let (body, name) = try await visibleBody(ctx, v)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        let today = try Today.of(api.calendar).day
        var c = kit.base(v, title: t("app3_title"))
        c["id"] = body.id; c["today"] = today.description
        state.apply(&c, body: body.id, v, kit)
        c["case_options"] = body.courtCases.map { ["id": $0.id, "selected": state.values["case"] == $0.id] as [String: Any] }
        c["has_cases"] = !body.courtCases.isEmpty
        c["procedure_options"] = body.procedures.filter { !$0.publicService }.map { ["id": $0.id, "selected": state.values["procedure"] == $0.id] as [String: Any] }
        c["instances"] = ["first", "appeal", "cassation"].map { ["value": $0, "label": t("app3_instance_" + $0), "selected": state.values["instance"] == $0] as [String: Any] }
        c["outcomes"] = CourtCase.Outcome.allCases.map { ["value": $0.rawValue, "label": t("app3_outcome_" + $0.rawValue), "selected": state.values["outcome"] == $0.rawValue] as [String: Any] }
        c["title"] = t("app3_title")
        c["name"] = name
        c["as_of"] = kit.date(today, v.lang)
        c["columns"] = app3Columns(v)
        let rows = app3Rows(body.courtCases.filter { $0.filedOn <= today }, name: name, today: today, v)
        c["empty"] = rows.isEmpty
        c["rows"] = rows.map { ["id": $0.id, "cells": $0.cells] }
        return kit.render("practice_cases", c)
    }

    func page(_ v: Viewer, _ state: FormState) async throws -> Response {
        let today = try Today.of(api.calendar).day
        let result = try await api.judged(visible: v.id.visibleOrganizations, asOf: today)
        let names = try await api.store.organizationNames(lang: v.lang.rawValue)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        var c = kit.base(v, title: t("practice_title"))
        c["as_of"] = kit.date(today, v.lang)
        // The user's own organizations with no registry yet: the form that starts one.
        let stored = Set(result.bodies.map(\.id))
        let unstarted = (v.id.visibleOrganizations ?? []).filter { !stored.contains($0) }
        state.apply(&c, body: unstarted.first, v, kit)
        c.put("start", unstarted.first.map { id in ["id": id, "name": names[id] ?? id] })
        c["kinds"] = Body.Kind.allCases.map { ["value": $0.rawValue, "label": t("practice_kind_" + $0.rawValue), "selected": state.values["kind"] == $0.rawValue] as [String: Any] }
        c["empty"] = result.bodies.isEmpty
        c["bodies"] = result.bodies.map { b -> [String: Any] in
            // What expires first comes first: warnings by due day, then broken terms by due day, then the rest.
            let findings = result.findings.filter { $0.body == b.id }.enumerated().sorted { x, y in
                func rank(_ f: PracticeFinding) -> Int { f.code == .deadlineApproaching ? 0 : f.due != nil ? 1 : 2 }
                let (a, b) = (x.element, y.element)
                if rank(a) != rank(b) { return rank(a) < rank(b) }
                if a.due != b.due { return (a.due?.dayNumber ?? .max) < (b.due?.dayNumber ?? .max) }
                return x.offset < y.offset
            }.map(\.element)
            return [
                "id": b.id, "name": names[b.id] ?? b.id, "covered": b.covered, "no_findings": findings.isEmpty,
                "findings": findings.map { f -> [String: Any] in
                    ["subject": words.subject(f.subject, v.lang), "code": f.code.rawValue, "label": t("practice_code_\(f.code.rawValue)"),
                     "severity": t("practice_severity_\(f.severity.rawValue)"), "severity_class": f.severity.rawValue,
                     "due": kit.date(f.due, v.lang), "citations": f.citation.map { kit.citation($0, v.lang) }.joined(separator: "; "),
                     "message": kit.message(f.message, v.lang)]
                },
                "reports": result.reports.filter { $0.body == b.id }.map { r -> [String: Any] in
                    ["period": words.period(r.period, v.lang), "period_id": r.period.description, "due": kit.date(r.due, v.lang), "status": t("practice_status_\(r.status.rawValue)"),
                     "cases": r.casesInProceedings, "for_body": r.decisionsForBody, "against_body": r.decisionsAgainstBody,
                     "fields": r.fields.joined(separator: ", ")]
                },
                "indicator": result.indicator.filter { $0.body == b.id }.map { i -> [String: Any] in
                    ["year": String(i.year), "decided": i.decided, "illegal": i.illegal, "share": kit.decimal(i.share, v.lang),
                     "target": kit.decimal(i.target, v.lang), "met": t(i.met.map { $0 ? "practice_met_yes" : "practice_met_no" } ?? "practice_met_unknown")]
                },
            ]
        }
        return kit.render("practice", c)
    }
}
