"""Demo data of the support desk (idempotent): two teacher educators' questions (one open, one
answered by the programme coordinator, who supports the desk) and a published article made from
the answered one. Made through the services, as the pages would make them."""

from __future__ import annotations

from iclon.accounts.models import User
from programmes.support import services
from programmes.support.models import SupportArticle, SupportQuestion, SupportTopic

# Demo accounts of iclon/accounts/demo.py.
ASKERS = ("intake@example.org", "stages@example.org")
SUPPORT = "opleidingen@example.org"

OPEN_QUESTION = {
    "topic": SupportTopic.SYSTEMS,
    "title": "Waar voer ik een herkansing in?",
    "body": "Een student heeft de herkansing van het portfolio gehaald. Waar zet ik het cijfer?",
    "student_reference": "s1234567",
}
ANSWERED_QUESTION = {
    "topic": SupportTopic.CURRICULUM,
    "title": "Hoeveel EC telt de module Vakdidactiek 1?",
    "body": "In de studiegids staan twee verschillende getallen. Welke klopt?",
}
ANSWER = "Vakdidactiek 1 telt 5 EC; de studiegids wordt aangepast."


def seed_demo(stdout, style) -> None:
    users = {user.email: user for user in User.objects.filter(email__in=[*ASKERS, SUPPORT])}
    if len(users) < len(ASKERS) + 1:
        stdout.write("  Support desk demo skipped: the demo accounts are not there.")
        return
    support = users[SUPPORT]
    made = 0
    if not SupportQuestion.objects.filter(title=OPEN_QUESTION["title"]).exists():
        services.support_question_ask(actor=users[ASKERS[0]], **OPEN_QUESTION)
        made += 1
    answered = SupportQuestion.objects.filter(title=ANSWERED_QUESTION["title"]).first()
    if answered is None:
        answered = services.support_question_ask(actor=users[ASKERS[1]], **ANSWERED_QUESTION)
        services.support_question_assign(question=answered, assignee=support, actor=support)
        services.support_reply_add(
            question=answered, actor=support, text="Ik vraag het na bij de opleiding.", internal=True
        )
        answered = services.support_question_answer(question=answered, actor=support, text=ANSWER)
        made += 1
    if not SupportArticle.objects.filter(from_question=answered).exists():
        article = services.support_article_from_question(question=answered, actor=support)
        article.title_en = "How many EC is the module Subject didactics 1?"
        article.body_en = "Subject didactics 1 is 5 EC; the study guide will be corrected."
        article.save(update_fields=["title_en", "body_en", "updated_at"])
        services.support_article_publish(article=article, actor=support)
    stdout.write(f"  Support desk: {made} questions and an article.")
