-- A page's label set by its admin (issue 21 item 5): what the agent is told the page is called in the pass's
-- metadata, instead of its name on Facebook; null uses that name. The limit is PageSettings.PAGE_LABEL_MAX, the same
-- in the API and on the settings page.
alter table page_settings add column page_label varchar(100);
