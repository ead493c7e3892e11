-- One limit per field: every page text is sent by bot-service as one plain text message (the question with its two
-- quick replies), whose limit on Messenger is 2000 characters; the API and the settings page allow 2000. The columns
-- held 640 (the limit of a button template's text, which this project does not send), so a text of 641 to 2000
-- characters passed validation and failed here. The quick-reply titles stay at Messenger's 20.
alter table page_settings alter column question_text type varchar(2000);
alter table page_settings alter column confirmation_text type varchar(2000);
alter table page_settings alter column stay_with_bot_text type varchar(2000);
alter table page_settings alter column bot_is_back_text type varchar(2000);
