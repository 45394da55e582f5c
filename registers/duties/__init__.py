"""The duties family (附件3, 附件4): county leaders on projects one-to-one and on domains (包干), their
work logs; liaison commissioners (对接专员) of large social-investment projects and their duty logs;
and compliance with the duties, for any period."""
