"""The student's blueprint: start page, one question at a time, feedback, progress, texts, account."""
