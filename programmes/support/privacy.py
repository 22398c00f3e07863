"""Personal data of the support desk (iclon.core.privacy).

A question is its asker's: the export gives it, erasure deletes it with its thread (an article
made from it stays, without the link). A reply is its author's words: the asker's own go with their
question; support staff's replies to others' questions stay, the author appearing only as a
reference to their account, which erasure empties. An article names its author the same way."""

from iclon.core.privacy import personal_data

PERSONAL_DATA = [
    personal_data(
        "programmes.SupportQuestion",
        fields=("asker", "assignee", "title", "body", "student_reference"),
        owner=("asker",),
        export_fields=(
            "topic",
            "title",
            "body",
            "student_reference",
            "state",
            "created_at",
            "first_response_at",
            "answered_at",
            "closed_at",
        ),
        erase="delete",
    ),
    personal_data(
        "programmes.SupportReply",
        fields=("author", "text"),
        owner=("author",),
        export_fields=("question", "text", "created_at"),
        keep=(
            "Support staff's replies to other people's questions: part of those people's threads; the author "
            "appears only as a reference to their account. The asker's own replies go with their question."
        ),
    ),
    personal_data(
        "programmes.SupportArticle",
        fields=("created_by", "body_nl", "body_en"),
        keep=(
            "An article of the knowledge base, written for everybody and checked by support staff before it is "
            "published; its author appears only as a reference to their account."
        ),
    ),
]
