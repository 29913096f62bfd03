// Starting points for a new agent. The local one runs on the server alone (pocketsphinx hears,
// the scripted LLM answers from the prompt's `phrase => reply` lines, flite speaks), so it can be
// called from the playground with no provider key.
import type { AgentDocument } from "./api";

export interface AgentTemplate {
  id: string;
  label: string;
  description: string;
  build: (name: string) => AgentDocument;
}

function conversation(llm: { provider: string; model: string }, prompt: string, name: string): AgentDocument {
  return {
    agent_config: {
      agent_name: name,
      agent_type: "other",
      agent_welcome_message: "Hello, how can I help?",
      tasks: [
        {
          task_type: "conversation",
          toolchain: { execution: "parallel", pipelines: [["transcriber", "llm", "synthesizer"]] },
          tools_config: {
            input: { provider: "default", format: "wav" },
            output: { provider: "default", format: "wav" },
            transcriber: { provider: "pocketsphinx", language: "en", stream: true, endpointing: 500 },
            llm_agent: {
              agent_type: "simple_llm_agent",
              agent_flow_type: "streaming",
              llm_config: { provider: llm.provider, model: llm.model },
            },
            synthesizer: {
              provider: "flite",
              provider_config: { voice: "kal16", language: "en" },
              stream: true,
              audio_format: "wav",
            },
          },
          task_config: { hangup_after_silence: 20 },
        },
      ],
    },
    agent_prompts: { task_1: { system_prompt: prompt } },
  };
}

export const TEMPLATES: AgentTemplate[] = [
  {
    id: "local",
    label: "Local scripted agent",
    description: "Runs on this server with no key: pocketsphinx, scripted answers, flite.",
    build: (name) =>
      conversation(
        { provider: "scripted", model: "script" },
        [
          "You are the assistant of a small shop.",
          "what are your opening hours => We are open from nine to five.",
          "do you sell bread => Yes, fresh bread every morning.",
          "goodbye => Goodbye and thank you for calling. [end_call]",
          "* => Sorry, I can tell you our opening hours.",
          "",
        ].join("\n"),
        name,
      ),
  },
  {
    id: "openai",
    label: "OpenAI agent",
    description: "Answers with an OpenAI model; needs an OpenAI provider key.",
    build: (name) =>
      conversation({ provider: "openai", model: "gpt-4o-mini" }, "You are a friendly, concise voice assistant.", name),
  },
];
