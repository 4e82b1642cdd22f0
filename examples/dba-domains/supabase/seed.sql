-- Demo data for local development (supabase db reset runs this after the migrations).
INSERT INTO messages (id, body) VALUES (1, 'Welcome to the workspace');
INSERT INTO messages (id, body) VALUES (2, 'Your first call is scheduled');
INSERT INTO public.messages (id, body) VALUES (3, 'Reminder: finish onboarding');
