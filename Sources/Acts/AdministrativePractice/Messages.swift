import LegalCore

/// Every message of ADM-PRACTICE-2025's findings, by code and variant, in Kazakh, Russian and English, written
/// here once (the same slots in each language; a test checks them).
enum Message: String, CaseIterable, Sendable {
    case publicServiceInRegistry, registryEntryIncomplete, instructionMissing, instructionIncomplete
    case instructionNotApprovedByHead, instructionNotPlaced, actualizationLate, actualizationOverdue
    case knowledgeBaseReviewMissed, reportLate, reportOverdue, courtCaseIncomplete, lostCaseMeasuresMissing
    case modelActFormMissing, targetIndicatorMissing, targetIndicatorNotDecreasing
    case approachingActualization, approachingReview, approachingReport
    case recordedReview, recordedReport, recordedVersion, recordedTarget

    var code: PracticeCode {
        switch self {
        case .publicServiceInRegistry: return .publicServiceInRegistry
        case .registryEntryIncomplete: return .registryEntryIncomplete
        case .instructionMissing: return .instructionMissing
        case .instructionIncomplete: return .instructionIncomplete
        case .instructionNotApprovedByHead: return .instructionNotApprovedByHead
        case .instructionNotPlaced: return .instructionNotPlaced
        case .actualizationLate, .actualizationOverdue: return .actualizationTermBreach
        case .knowledgeBaseReviewMissed: return .knowledgeBaseReviewMissed
        case .reportLate, .reportOverdue: return .reportTermBreach
        case .courtCaseIncomplete: return .courtCaseIncomplete
        case .lostCaseMeasuresMissing: return .lostCaseMeasuresMissing
        case .modelActFormMissing: return .modelActFormMissing
        case .targetIndicatorMissing: return .targetIndicatorMissing
        case .targetIndicatorNotDecreasing: return .targetIndicatorNotDecreasing
        case .approachingActualization, .approachingReview, .approachingReport: return .deadlineApproaching
        case .recordedReview, .recordedReport, .recordedVersion, .recordedTarget: return .recordedAfterTerm
        }
    }

    func text(_ values: [String: MessageTemplate.Value]) -> LocalizedText { template.render(values) }

    var template: MessageTemplate {
        switch self {
        case .publicServiceInRegistry: return MessageTemplate(
            kk: "{procedure} рәсімі — мемлекеттік көрсетілетін қызмет: ол әкімшілік рәсімдер тізбесіне енгізілмейді.",
            ru: "Процедура {procedure} — государственная услуга: она не включается в перечень административных процедур.",
            en: "Procedure {procedure} is a public service: it does not belong in the list of administrative procedures.")
        case .registryEntryIncomplete: return MessageTemplate(
            kk: "{procedure} рәсімінің тізбедегі жазбасында 1-қосымшаның {missing}-бағандары толтырылмаған.",
            ru: "В записи перечня о процедуре {procedure} не заполнены графы приложения 1: {missing}.",
            en: "The list entry of procedure {procedure} leaves App.1 columns {missing} empty.")
        case .instructionMissing: return MessageTemplate(
            kk: "{procedure} рәсімі тізбеде бар, бірақ оның нұсқаулығы бекітілмеген.",
            ru: "Процедура {procedure} включена в перечень, но инструкция по ней не утверждена.",
            en: "Procedure {procedure} is listed, but no instruction for it has been approved.")
        case .instructionIncomplete: return MessageTemplate(
            kk: "{procedure} рәсімі нұсқаулығының {version} нұсқасында 2-қосымшаның {missing}-жолдары толтырылмаған.",
            ru: "В версии {version} инструкции по процедуре {procedure} не заполнены строки приложения 2: {missing}.",
            en: "Version {version} of the instruction for procedure {procedure} leaves App.2 rows {missing} empty.")
        case .instructionNotApprovedByHead: return MessageTemplate(
            kk: "{procedure} рәсімі нұсқаулығының {version} нұсқасын басшы емес, {role} бекіткен.",
            ru: "Версию {version} инструкции по процедуре {procedure} утвердил не руководитель, а {role}.",
            en: "Version {version} of the instruction for procedure {procedure} was approved by the {role}, not the head.")
        case .instructionNotPlaced: return MessageTemplate(
            kk: "{procedure} рәсімі нұсқаулығының {version} нұсқасы Білім базасына орналастырылмаған.",
            ru: "Версия {version} инструкции по процедуре {procedure} не размещена в Базе знаний.",
            en: "Version {version} of the instruction for procedure {procedure} has not been placed in the Knowledge base.")
        case .actualizationLate: return MessageTemplate(
            kk: "{procedure} рәсімінің тәртібі {changed} өзгерген; нұсқаулық {due} кешіктірмей жаңартылуы тиіс еді, бірақ {actual} жаңартылды: {late} күнге кешіктірілген.",
            ru: "Порядок процедуры {procedure} изменился {changed}; инструкция должна была быть актуализирована не позднее {due}, но актуализирована {actual}: с опозданием на {late} дн.",
            en: "The order of procedure {procedure} changed on {changed}; the instruction was due to be updated by {due} but was updated on {actual}: {late} day(s) late.")
        case .actualizationOverdue: return MessageTemplate(
            kk: "{procedure} рәсімінің тәртібі {changed} өзгерген; нұсқаулық {due} кешіктірмей жаңартылуы тиіс еді, бірақ {asOf} күнге дейін жаңартылмаған: {late} күн өтті.",
            ru: "Порядок процедуры {procedure} изменился {changed}; инструкция должна была быть актуализирована не позднее {due}, но на {asOf} не актуализирована: просрочка {late} дн.",
            en: "The order of procedure {procedure} changed on {changed}; the instruction was due to be updated by {due} and is still not updated on {asOf}: {late} day(s) overdue.")
        case .knowledgeBaseReviewMissed: return MessageTemplate(
            kk: "{quarter} тоқсанында ({due} кешіктірмей) Білім базасындағы деректер қаралмаған.",
            ru: "В {quarter} квартале (не позднее {due}) данные Базы знаний не пересматривались.",
            en: "The Knowledge base was not reviewed in quarter {quarter} (due by {due}).")
        case .reportLate: return MessageTemplate(
            kk: "{period} кезеңіндегі жинақтау есебі {due} кешіктірмей берілуі тиіс еді, бірақ {actual} берілді: {late} күнге кешіктірілген.",
            ru: "Отчёт об обобщении за период {period} должен был быть представлен не позднее {due}, но представлен {actual}: с опозданием на {late} дн.",
            en: "The generalization report for {period} was due by {due} but was submitted on {actual}: {late} day(s) late.")
        case .reportOverdue: return MessageTemplate(
            kk: "{period} кезеңіндегі жинақтау есебі {due} кешіктірмей берілуі тиіс еді, бірақ {asOf} күнге дейін берілмеген: {late} күн өтті.",
            ru: "Отчёт об обобщении за период {period} должен был быть представлен не позднее {due}, но на {asOf} не представлен: просрочка {late} дн.",
            en: "The generalization report for {period} was due by {due} and is still not submitted on {asOf}: {late} day(s) overdue.")
        case .courtCaseIncomplete: return MessageTemplate(
            kk: "{case} сот ісі бойынша 3-қосымша кестесінің {missing}-бағандары толтырылмаған.",
            ru: "По судебному делу {case} не заполнены графы таблицы приложения 3: {missing}.",
            en: "Court case {case} leaves App.3 columns {missing} empty.")
        case .lostCaseMeasuresMissing: return MessageTemplate(
            kk: "{case} ісі ұтылған (актінің заңсыз деп танылуы), бірақ 3-қосымшаның {missing}-бағандарындағы шаралар көрсетілмеген.",
            ru: "Дело {case} проиграно (акт признан незаконным), но меры по графам {missing} приложения 3 не указаны.",
            en: "Case {case} was lost (the act found illegal), but the measures of App.3 columns {missing} are not stated.")
        case .modelActFormMissing: return MessageTemplate(
            kk: "{procedure} рәсімі актісінің нысаны заңда белгіленбеген, бірақ үлгілік нысаны бекітілмеген.",
            ru: "Форма акта по процедуре {procedure} законом не установлена, но типовая форма не утверждена.",
            en: "The law gives no form for the act of procedure {procedure}, and no model form has been approved.")
        case .targetIndicatorMissing: return MessageTemplate(
            kk: "{year} жылға заңсыз деп танылған актілер үлесінің нысаналы көрсеткіші белгіленбеген.",
            ru: "На {year} год не установлен целевой показатель доли актов, признанных незаконными.",
            en: "No target for the share of acts found illegal has been set for {year}.")
        case .targetIndicatorNotDecreasing: return MessageTemplate(
            kk: "{year} жылғы нысаналы көрсеткіш ({target} %) алдыңғы жылғы үлестен ({previous} %) төмен емес.",
            ru: "Целевой показатель на {year} год ({target} %) не ниже доли предыдущего года ({previous} %).",
            en: "The target for {year} ({target} %) is not below the previous year's share ({previous} %).")
        case .approachingActualization: return MessageTemplate(
            kk: "{procedure} рәсімінің тәртібі {changed} өзгерген: нұсқаулықты жаңарту мерзімі {due} аяқталады.",
            ru: "Порядок процедуры {procedure} изменился {changed}: срок актуализации инструкции истекает {due}.",
            en: "The order of procedure {procedure} changed on {changed}: the instruction must be updated by {due}.")
        case .approachingReview: return MessageTemplate(
            kk: "{quarter} тоқсанында Білім базасы әлі қаралмаған: мерзім {due} аяқталады.",
            ru: "В {quarter} квартале База знаний ещё не пересматривалась: срок истекает {due}.",
            en: "The Knowledge base has not been reviewed in quarter {quarter} yet: due by {due}.")
        case .approachingReport: return MessageTemplate(
            kk: "{period} кезеңіндегі жинақтау есебі әлі берілмеген: мерзім {due} аяқталады.",
            ru: "Отчёт об обобщении за период {period} ещё не представлен: срок истекает {due}.",
            en: "The generalization report for {period} has not been submitted yet: due by {due}.")
        case .recordedReview: return MessageTemplate(
            kk: "{quarter} тоқсанында Білім базасын қарау {claimed} күнімен көрсетілген, бірақ тізбеге тек {recorded} енгізілді — тоқсан ({due}) аяқталғаннан кейін. Бұл күн — органның өз мәлімдемесі: құжатпен салыстырыңыз.",
            ru: "Пересмотр Базы знаний в квартале {quarter} указан датой {claimed}, но внесён в реестр только {recorded} — после окончания квартала ({due}). Эта дата — заявление самого органа: сверьте с документом.",
            en: "The knowledge-base review of {quarter} is dated {claimed} but was entered in the registry only on {recorded}, after the quarter ended ({due}). The date is the body's own statement: check it against the document.")
        case .recordedReport: return MessageTemplate(
            kk: "{period} кезеңіндегі есеп {claimed} берілді деп көрсетілген, бірақ тізбеге тек {recorded} енгізілді — мерзім ({due}) өткеннен кейін. Бұл күн — органның өз мәлімдемесі: Әділет министрлігінің тіркеуімен салыстырыңыз.",
            ru: "Отчёт за период {period} указан представленным {claimed}, но внесён в реестр только {recorded} — после истечения срока ({due}). Эта дата — заявление самого органа: сверьте с регистрацией в Министерстве юстиции.",
            en: "The report for {period} is stated as submitted on {claimed} but was entered in the registry only on {recorded}, after its term ({due}) had run out. The date is the body's own statement: check it against the Ministry of Justice's record.")
        case .recordedTarget: return MessageTemplate(
            kk: "{year} жылғы нысаналы көрсеткіш ({target}%) тізбеге тек {recorded} енгізілді — жыл ({due}) аяқталғаннан кейін: ол жылдың нәтижесі белгілі болған соң белгіленген. Шешіммен салыстырыңыз.",
            ru: "Целевой показатель на {year} год ({target}%) внесён в реестр только {recorded} — после окончания года ({due}): он установлен, когда результат года уже был известен. Сверьте с решением.",
            en: "The target for {year} ({target}%) was entered in the registry only on {recorded}, after the year ended ({due}): it was set when the year's result was already known. Check it against the decision.")
        case .recordedVersion: return MessageTemplate(
            kk: "{procedure} рәсімі нұсқаулығының {version} нұсқасы {claimed} бекітілді деп көрсетілген, бірақ тізбеге тек {recorded} енгізілді — {changed} өзгерісінен кейінгі өзектендіру мерзімі ({due}) өткеннен кейін. Бұл күн — органның өз мәлімдемесі: бекіту туралы құжатпен салыстырыңыз.",
            ru: "Версия {version} инструкции по процедуре {procedure} указана утверждённой {claimed}, но внесена в реестр только {recorded} — после истечения срока актуализации ({due}) после изменения {changed}. Эта дата — заявление самого органа: сверьте с документом об утверждении.",
            en: "Version {version} of the instruction for procedure {procedure} is stated as approved on {claimed} but was entered in the registry only on {recorded}, after the term to update it ({due}) following the change of {changed} had run out. The date is the body's own statement: check it against the approving document.")
        }
    }
}
