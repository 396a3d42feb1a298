import AdministrativePractice
import Foundation
import Hummingbird
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
        router.get("practice") { req, ctx in await kit.guarded(req, ctx, route: PracticeAPI.getBody) { v in try await self.page(v) } }
        router.get("practice/{id}/cases") { req, ctx in await kit.guarded(req, ctx, route: PracticeAPI.getBody) { v in try await self.cases(ctx, v) } }
    }

    /// App.3: the body's court cases, one row per case, its 13 columns as the decree's form has them, printable
    /// on A4 landscape.
    func cases(_ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let id = try Requests.pathID(ctx)
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        guard v.id.canSee(provider: id), let body = try await api.stored(visible: [id]).first else {
            throw APIError.notFound(t("practice_empty"), path: "id")
        }
        let today = try Today.of(api.calendar).day
        let name = try await api.store.organizations().first { $0.id == id }?.name ?? id
        func date(_ d: LocalDate?) -> String { kit.date(d, v.lang) }
        func join(_ parts: [String?]) -> String { parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ") }
        func decision(_ d: CourtCase.Decision?) -> String {
            guard let d, d.date <= today else { return "" }
            return join([d.caseNumber, date(d.date), t("app3_outcome_\(d.outcome.rawValue)"), d.content])
        }
        var c = kit.base(v, title: t("app3_title"))
        c["title"] = t("app3_title")
        c["name"] = name
        c["as_of"] = date(today)
        c["columns"] = (1...13).map { ["number": String($0), "label": t("app3_col_\($0)")] }
        let filed = body.courtCases.filter { $0.filedOn <= today }
        c["empty"] = filed.isEmpty
        c["rows"] = filed.enumerated().map { i, k -> [String: Any] in
            let final = k.inForceOn.map { $0 <= today } ?? false
            let instance = k.cassation.map { _ in "app3_instance_cassation" } ?? k.appeal.map { _ in "app3_instance_appeal" } ?? "app3_instance_first"
            let cells: [String] = [
                String(i + 1), name,
                final ? t("app3_status_final") + " (" + date(k.inForceOn) + ")" : t("app3_status_pending") + " (" + t(instance) + ")",
                join([k.actName, k.actContent, date(k.actAdoptedOn)]),
                join([t(k.pretrialHeld ? "app3_pretrial_held" : "app3_pretrial_not_held"), k.pretrialBy, k.pretrialAct, k.pretrialReason]),
                k.claim ?? "", decision(k.firstInstance), decision(k.appeal), decision(k.cassation),
                k.annulmentReasons ?? "", k.preventiveMeasures ?? "", k.causeMeasures ?? "",
                k.privateRulings.map { join([$0.content, $0.action]) }.joined(separator: " | "),
            ]
            return ["id": k.id, "cells": cells]
        }
        return kit.render("practice_cases", c)
    }

    func page(_ v: Viewer) async throws -> Response {
        let today = try Today.of(api.calendar).day
        let result = try await api.judged(visible: v.id.visibleOrganizations, asOf: today)
        let names = Dictionary(try await api.store.organizations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let t = { (key: String) in kit.i18n.t(key, v.lang) }
        var c = kit.base(v, title: t("practice_title"))
        c["as_of"] = kit.date(today, v.lang)
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
                    ["subject": f.subject, "code": f.code.rawValue, "label": t("practice_code_\(f.code.rawValue)"),
                     "severity": t("practice_severity_\(f.severity.rawValue)"), "severity_class": f.severity.rawValue,
                     "due": kit.date(f.due, v.lang), "citations": f.citation.map(\.description).joined(separator: "; "),
                     "message": I18n.pick(f.message, v.lang)]
                },
                "reports": result.reports.filter { $0.body == b.id }.map { r -> [String: Any] in
                    ["period": r.period.description, "due": kit.date(r.due, v.lang), "status": t("practice_status_\(r.status.rawValue)"),
                     "cases": r.casesInProceedings, "for_body": r.decisionsForBody, "against_body": r.decisionsAgainstBody,
                     "fields": r.fields.joined(separator: ", ")]
                },
                "indicator": result.indicator.filter { $0.body == b.id }.map { i -> [String: Any] in
                    ["year": String(i.year), "decided": i.decided, "illegal": i.illegal, "share": i.share?.display ?? "—",
                     "target": i.target?.display ?? "—", "met": t(i.met.map { $0 ? "practice_met_yes" : "practice_met_no" } ?? "practice_met_unknown")]
                },
            ]
        }
        return kit.render("practice", c)
    }
}
